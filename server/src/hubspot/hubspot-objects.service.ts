import { Inject, Injectable } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/database/database.tokens';
import type { RequestContext } from 'src/organizations/request-context';
import { RecordSearchService } from 'src/records/record-search.service';
import type { RecordResponse } from 'src/records/records.dto';
import { RecordsService } from 'src/records/records.service';
import { HubSpotLinksService } from './hubspot-links.service';
import type { HubSpotObject } from './hubspot-names';
import { HubSpotNamesService } from './hubspot-names.service';
import { encodeAfter, toPlinthSearch } from './hubspot-search';
import { type HubSpotRecord, toEnvelope, toPlinthBody } from './hubspot-values';

export interface ReadParams {
  properties?: string[];
  associations?: string[];
  idProperty?: string;
}

export interface ListParams extends ReadParams {
  limit: number;
  after?: string;
  archived: boolean;
}

export interface HubSpotPage {
  results: HubSpotRecord[];
  paging?: { next: { after: string } };
  total?: number;
}

/** The body of a create: properties, and associations made with the record. */
interface CreateInput {
  properties?: unknown;
  associations?: unknown;
}

/**
 * HubSpot's object API (`/crm/v3/objects/{objectType}`) over the records services: the same
 * write path (validation, permissions, events), HubSpot's names and envelope on the wire.
 */
@Injectable()
export class HubSpotObjectsService {
  constructor(
    private readonly names: HubSpotNamesService,
    private readonly records: RecordsService,
    private readonly search: RecordSearchService,
    private readonly links: HubSpotLinksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  resolve(context: RequestContext, objectType: string): Promise<HubSpotObject> {
    return this.names.resolve(context, objectType);
  }

  async listObjects(
    context: RequestContext,
    objectType: string,
    params: ListParams,
  ): Promise<HubSpotPage> {
    const object = await this.resolve(context, objectType);
    if (params.archived) {
      return this.listArchived(context, object, params);
    }
    const page = await this.search.searchRecords(context, object.definition.name, {
      sorts: [{ property: 'id', direction: 'ASCENDING' }],
      limit: params.limit,
      ...(params.after !== undefined ? { after: params.after } : {}),
    });
    const results = await this.envelopes(context, object, page.results as RecordResponse[], params);
    return {
      results,
      ...(page.paging.next ? { paging: { next: { after: page.paging.next.after } } } : {}),
    };
  }

  /**
   * `?archived=true`: the recycle bin's records, by id. Its `after` is the offset of the next page
   * (HubSpot's cursor is opaque, so a client only hands back what it was given).
   */
  private async listArchived(
    context: RequestContext,
    object: HubSpotObject,
    params: ListParams,
  ): Promise<HubSpotPage> {
    const start = params.after === undefined ? 0 : Number(params.after);
    if (!Number.isSafeInteger(start) || start < 0) {
      throw new AppError(ErrorCode.BadRequest, 'after must be a cursor from an earlier page', {
        after: 'must be a cursor from an earlier page',
      });
    }
    const page = await this.records.listRecords(context, object.definition.name, {
      filter: { archived: true },
      sort: { field: 'id', order: 'ASC' },
      range: { start, end: start + params.limit - 1 },
    });
    const results = await this.envelopes(context, object, page.records, params);
    const next = start + page.records.length;
    return {
      results,
      ...(page.records.length === params.limit && next < page.total
        ? { paging: { next: { after: String(next) } } }
        : {}),
    };
  }

  async getObject(
    context: RequestContext,
    objectType: string,
    id: string,
    params: ReadParams,
  ): Promise<HubSpotRecord> {
    const object = await this.resolve(context, objectType);
    const recordId = await this.idOf(context, object, id, params.idProperty);
    const record = await this.records.getRecord(context, object.definition.name, recordId);
    const [result] = await this.envelopes(context, object, [record], params);
    return result as HubSpotRecord;
  }

  async createObject(
    context: RequestContext,
    objectType: string,
    input: unknown,
  ): Promise<HubSpotRecord> {
    const object = await this.resolve(context, objectType);
    const body = input as CreateInput | null;
    const properties = toPlinthBody(object, body?.properties);
    const planned = await this.links.planInline(context, object, body?.associations);
    const record = await this.records.createRecord(context, object.definition.name, {
      ...properties,
      ...planned.references,
    });
    await this.links.linkInline(context, object, record.id, planned.later);
    return toEnvelope(object, record);
  }

  async updateObject(
    context: RequestContext,
    objectType: string,
    id: string,
    input: unknown,
    idProperty?: string,
  ): Promise<HubSpotRecord> {
    const object = await this.resolve(context, objectType);
    const body = toPlinthBody(object, (input as { properties?: unknown } | null)?.properties);
    const recordId = await this.idOf(context, object, id, idProperty);
    const { record } = await this.records.updateRecord(
      context,
      object.definition.name,
      recordId,
      body,
    );
    return toEnvelope(object, record);
  }

  async archiveObject(context: RequestContext, objectType: string, id: string): Promise<void> {
    const object = await this.resolve(context, objectType);
    await this.records.deleteRecord(context, object.definition.name, id);
  }

  async searchObjects(
    context: RequestContext,
    objectType: string,
    body: unknown,
  ): Promise<HubSpotPage & { total: number }> {
    const object = await this.resolve(context, objectType);
    const translated = toPlinthSearch(object, body, this.config.hubspotSearchCaps);
    const page = await this.search.searchRecords(
      context,
      object.definition.name,
      translated.request,
    );
    const records = page.results as RecordResponse[];
    const offset = translated.offset + records.length;
    const cursor = page.paging.next?.after;
    return {
      total: page.total ?? records.length,
      results: records.map((record) => toEnvelope(object, record, translated.properties)),
      ...(cursor ? { paging: { next: { after: encodeAfter(offset, cursor) } } } : {}),
    };
  }

  /** The record id an `{objectId}` names: itself, or the record whose `idProperty` has it. */
  async idOf(
    context: RequestContext,
    object: HubSpotObject,
    id: string,
    idProperty?: string,
  ): Promise<string> {
    if (idProperty === undefined || idProperty === 'hs_object_id') {
      return id;
    }
    const found = await this.findByProperty(context, object, idProperty, [id]);
    const recordId = found.get(id);
    if (!recordId) {
      throw new AppError(
        ErrorCode.RecordNotFound,
        `No ${object.name} with ${idProperty} ${JSON.stringify(id)}`,
      );
    }
    return recordId;
  }

  /** Record ids by the values of one property (value → id), for idProperty and upsert. */
  async findByProperty(
    context: RequestContext,
    object: HubSpotObject,
    idProperty: string,
    values: string[],
  ): Promise<Map<string, string>> {
    const translated = toPlinthSearch(
      object,
      {
        filterGroups: [{ filters: [{ propertyName: idProperty, operator: 'IN', values }] }],
        limit: values.length,
      },
      false,
    );
    const page = await this.search.searchRecords(
      context,
      object.definition.name,
      { ...translated.request, with_total: false },
      { isOnPrimary: true },
    );
    const name = translated.request.filter_groups?.[0]?.filters[0]?.property ?? idProperty;
    const found = new Map<string, string>();
    for (const record of page.results as RecordResponse[]) {
      const value = record[name];
      found.set(typeof value === 'string' ? value.toLowerCase() : String(value), record.id);
    }
    // Values compare case-insensitively for emails; the callers' spelling finds its record.
    return new Map(
      values.flatMap((value) => {
        const id = found.get(value.toLowerCase()) ?? found.get(value);
        return id ? [[value, id] as const] : [];
      }),
    );
  }

  /** Envelopes, with the associations asked for (`?associations=companies`). */
  async envelopes(
    context: RequestContext,
    object: HubSpotObject,
    records: RecordResponse[],
    params: ReadParams,
  ): Promise<HubSpotRecord[]> {
    const envelopes = records.map((record) => toEnvelope(object, record, params.properties));
    if (params.associations && envelopes.length > 0) {
      await this.links.attach(context, object, envelopes, params.associations);
    }
    return envelopes;
  }
}
