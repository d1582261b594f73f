import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';

/** A controller of ADMIN routes: the role, and the refusals every one of them documents. */
export const AdminRoutes = () =>
  applyDecorators(
    Roles('ADMIN'),
    ApiTags('admin'),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'UNAUTHORIZED: no or invalid bearer token' }),
    ApiForbiddenResponse({ description: 'FORBIDDEN: needs the ADMIN role' }),
  );
