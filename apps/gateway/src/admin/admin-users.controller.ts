import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { uuidPipe } from '../common/case-action';
import { ListQueryDto } from '../common/list-query.dto';
import { CreateUserDto, UpdateUserDto, UserDto, UserListDto } from './admin.dto';
import { AdminRoutes } from './admin-route';
import { AdminUsersService } from './admin-users.service';

@AdminRoutes()
@Controller('api/admin/users')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  @ApiOperation({ summary: 'staff accounts, by username' })
  @ApiOkResponse({ type: UserListDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: bad limit or cursor' })
  @ApiUnprocessableEntityResponse({ description: 'RULE_VIOLATION: a cursor this list did not hand out' })
  list(@Query() query: ListQueryDto): Promise<UserListDto> {
    return this.users.list(query);
  }

  @Post()
  @ApiOperation({ summary: 'creates a staff account (the password is stored hashed)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: every bad field named' })
  @ApiUnprocessableEntityResponse({
    description: 'RULE_VIOLATION: every unknown center, unit or grid and every broken role rule, by field',
  })
  @ApiConflictResponse({ description: 'CONFLICT: the username is taken' })
  create(@CurrentUser() admin: AuthUser, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(admin, dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: "changes any of the account's fields; active=false stops sign-in" })
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: every bad field named' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such account' })
  @ApiUnprocessableEntityResponse({
    description:
      'RULE_VIOLATION: unknown center, unit or grid, a broken role rule (by field); an ADMIN may not deactivate themselves or drop their own ADMIN role',
  })
  update(
    @CurrentUser() admin: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserDto> {
    return this.users.update(admin, id, dto);
  }
}
