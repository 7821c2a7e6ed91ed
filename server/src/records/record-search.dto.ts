import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MAX_PAGE_SIZE } from 'src/common/http/list-query';
import {
  MAX_QUERY_LENGTH,
  MAX_SORTS,
  type SearchRequest,
  SORT_DIRECTIONS,
  type SortDirection,
} from './record-search';
import { MAX_CURSOR_LENGTH } from './record-search-cursor';
import {
  MAX_FILTER_GROUPS,
  MAX_FILTERS_PER_GROUP,
  SEARCH_OPERATORS,
  type SearchFilterInput,
  type SearchOperator,
} from './record-search-filters';

/** Longest name a filter, sort or property list may give (a dotted one included). */
const MAX_NAME_LENGTH = 200;
/** The most values IN and NOT_IN take (record-list-query.ts takes as many). */
const MAX_VALUES = 1000;
/** The most properties a search may ask for. */
const MAX_PROPERTIES = 500;

export class SearchFilterDto implements SearchFilterInput {
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_NAME_LENGTH)
  property!: string;

  @IsIn(SEARCH_OPERATORS, { message: `operator must be one of ${SEARCH_OPERATORS.join(', ')}` })
  operator!: SearchOperator;

  /** Any JSON: checked against the property's type by the service. */
  @IsOptional()
  value?: unknown;

  @IsOptional()
  high_value?: unknown;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_VALUES)
  values?: unknown[];
}

export class SearchFilterGroupDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_FILTERS_PER_GROUP)
  @ValidateNested({ each: true })
  @Type(() => SearchFilterDto)
  filters!: SearchFilterDto[];
}

export class SearchSortDto {
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_NAME_LENGTH)
  property!: string;

  @IsOptional()
  @IsIn(SORT_DIRECTIONS, { message: `direction must be one of ${SORT_DIRECTIONS.join(', ')}` })
  direction?: SortDirection;
}

/** `POST /api/objects/{object}/search` (HubSpot's search dialect); names are checked by the service. */
export class SearchRecordsDto implements SearchRequest {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_FILTER_GROUPS)
  @ValidateNested({ each: true })
  @Type(() => SearchFilterGroupDto)
  filter_groups?: SearchFilterGroupDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SORTS)
  @ValidateNested({ each: true })
  @Type(() => SearchSortDto)
  sorts?: SearchSortDto[];

  @IsOptional()
  @IsString()
  @MaxLength(MAX_QUERY_LENGTH)
  query?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PROPERTIES)
  @IsString({ each: true })
  @MaxLength(MAX_NAME_LENGTH, { each: true })
  properties?: string[];

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_CURSOR_LENGTH)
  after?: string;

  @IsOptional()
  @IsBoolean()
  with_total?: boolean;
}

/** A search's answer: the page, the cursor of the next one (absent on the last), the total when asked. */
export interface SearchResponse {
  results: Array<Record<string, unknown>>;
  paging: { next?: { after: string } };
  total?: number;
}
