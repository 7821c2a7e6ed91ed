import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { IndexesStatus } from 'src/property-indexes/property-indexes.service';
import { HealthService } from './health.service';

class HealthResponseDto {
  @ApiProperty({ example: 'ok' })
  status!: string;

  @ApiProperty({ example: 'ok' })
  database!: string;

  @ApiProperty({
    description: 'Runtime indexes that failed to build, each with its reason and next retry',
    example: { failing: [] },
  })
  indexes!: IndexesStatus;
}

@ApiTags('Health')
@Controller('health')
export class HealthController {
  constructor(private readonly service: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and database reachability' })
  @ApiOkResponse({ type: HealthResponseDto })
  getHealth(): Promise<HealthResponseDto> {
    return this.service.checkHealth();
  }
}
