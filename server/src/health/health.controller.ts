import { Controller, Get } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { WorkersStatus } from 'src/common/cluster/primary-state';
import { Access } from 'src/organizations/access.decorator';
import type { IndexesStatus } from 'src/property-indexes/property-indexes.service';
import { HealthService } from './health.service';

class HealthResponseDto {
  @ApiProperty({ example: 'ok' })
  status!: string;

  @ApiPropertyOptional({ example: 'ok' })
  database?: string;

  @ApiPropertyOptional({
    description: 'Runtime indexes that failed to build, each with its reason and next retry',
    example: { failing: [] },
  })
  indexes?: IndexesStatus;

  @ApiPropertyOptional({
    description:
      'Server processes listening and expected (PLINTH_WORKERS); fewer listen while one starts',
    example: { listening: 2, expected: 2 },
  })
  workers?: WorkersStatus;
}

const DATABASE_DOWN = 'SERVICE_UNAVAILABLE: the database does not answer (Retry-After given)';

/** Probes poll often from one address; limiting them would turn load into a false outage. */
@SkipThrottle()
@ApiTags('Health')
@Controller('health')
export class HealthController {
  constructor(private readonly service: HealthService) {}

  @Access('public')
  @Get()
  @ApiOperation({ summary: 'Readiness (same as /health/ready): the database answers' })
  @ApiOkResponse({ type: HealthResponseDto })
  @ApiServiceUnavailableResponse({ description: DATABASE_DOWN })
  getHealth(): Promise<HealthResponseDto> {
    return this.service.checkReadiness();
  }

  @Access('public')
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database answers within 2 s' })
  @ApiOkResponse({ type: HealthResponseDto })
  @ApiServiceUnavailableResponse({ description: DATABASE_DOWN })
  getReadiness(): Promise<HealthResponseDto> {
    return this.service.checkReadiness();
  }

  @Access('public')
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (the database is not checked)' })
  @ApiOkResponse({ type: HealthResponseDto })
  getLiveness(): HealthResponseDto {
    return this.service.checkLiveness();
  }
}
