import { Injectable } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { RecordWrite, WriteStage } from './record-write';

/**
 * Who may make the change. Today: only within the request context's organization (another
 * organization's record is a 404, never a 403). Roles and record access plug in here.
 */
@Injectable()
export class RecordWriteAuthorizeStage implements WriteStage {
  readonly name = 'authorize';

  run(write: RecordWrite): Promise<void> {
    const organizationId =
      write.kind === 'link' ? write.organizationId : write.scope.organizationId;
    if (organizationId !== write.context.organizationId) {
      return Promise.reject(new AppError(ErrorCode.RecordNotFound, 'No such record'));
    }
    return Promise.resolve();
  }
}
