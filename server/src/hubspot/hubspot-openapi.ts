/** The OpenAPI tag of the HubSpot-compatible surface (README "Coming from HubSpot"). */
export const HUBSPOT_TAG = 'HubSpot compatibility';

/** HubSpot's record envelope: every property value a string. */
export const OBJECT_RESPONSE = {
  type: 'object',
  required: ['id', 'properties', 'createdAt', 'updatedAt', 'archived'],
  properties: {
    id: { type: 'string' },
    properties: { type: 'object', additionalProperties: { type: 'string', nullable: true } },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    archived: { type: 'boolean' },
    associations: { type: 'object' },
  },
};

export const OBJECT_PAGE = {
  type: 'object',
  required: ['results'],
  properties: {
    results: { type: 'array', items: OBJECT_RESPONSE },
    total: { type: 'integer' },
    paging: {
      type: 'object',
      properties: { next: { type: 'object', properties: { after: { type: 'string' } } } },
    },
  },
};

export const OBJECT_BODY = {
  type: 'object',
  properties: {
    properties: {
      type: 'object',
      additionalProperties: {
        oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }],
      },
    },
    associations: { type: 'array', items: { type: 'object' } },
  },
};
