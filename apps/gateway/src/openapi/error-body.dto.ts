import { ApiProperty } from '@nestjs/swagger';
import { ERROR_CODES, type ErrorCode } from '../common/api-error';

/** The body of every error answer (API.md "Errors"): what HttpExceptionFilter sends. */
export class ApiErrorBodyDto {
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request', description: "the status's name" }) error!: string;
  @ApiProperty({ enum: ERROR_CODES, description: 'the stable machine code' }) code!: ErrorCode;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description:
      'VALIDATION_FAILED: one line per bad field, `path: text` (e.g. `parties.0.phone: …`); otherwise one sentence',
  })
  message!: string | string[];
}
