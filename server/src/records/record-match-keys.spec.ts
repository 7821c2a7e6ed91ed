import type { ObjectDefinitionInput } from 'src/object-definitions/definition.types';
import {
  compositeKeyClaims,
  domainOf,
  matchKeys,
  normalizeEmail,
  normalizePhone,
  withDerivedDomains,
} from './record-match-keys';

const PARTY: ObjectDefinitionInput = {
  name: 'party',
  labels: { singular: 'Party', plural: 'Parties' },
  properties: [
    { name: 'email', type: 'email', label: 'Email' },
    { name: 'phone', type: 'phone', label: 'Phone' },
    { name: 'website', type: 'url', label: 'Website' },
    { name: 'domain', type: 'text', label: 'Domain', domain_of: ['website', 'email'] },
    { name: 'code', type: 'text', label: 'Code' },
    { name: 'country', type: 'text', label: 'Country' },
  ],
  keys: [{ name: 'code_country', properties: ['code', 'country'] }],
  duplicate_rules: [
    { name: 'same_email', match: 'exact', properties: ['email'], action: 'block' },
    { name: 'same_phone', match: 'exact', properties: ['phone'], action: 'warn' },
    { name: 'same_domain', match: 'exact', properties: ['domain'], action: 'warn' },
    { name: 'similar', match: 'fuzzy', action: 'warn' },
  ],
};

describe('record-match-keys', () => {
  describe(normalizeEmail.name, () => {
    it('trims and lower-cases', () => {
      expect(normalizeEmail('  Ann.Lee@Example.COM ')).toBe('ann.lee@example.com');
    });
  });

  describe(normalizePhone.name, () => {
    it('reads every format of one number as the same E.164', () => {
      const forms = ['(415) 555-0100', '415.555.0100', '+1 415 555 0100', '1-415-555-0100'];
      expect(new Set(forms.map((form) => normalizePhone(form, 'US')))).toEqual(
        new Set(['+14155550100']),
      );
    });

    it('reads a number without a country code in the configured country', () => {
      expect(normalizePhone('030 1234567', 'DE')).toBe('+49301234567');
    });

    it('keeps the digits of what does not parse, so it still matches itself', () => {
      expect(normalizePhone('ext. 12', 'US')).toBe('12');
    });
  });

  describe(domainOf.name, () => {
    it.each([
      ['https://WWW.Acme.com/about?x=1', 'acme.com'],
      ['acme.com', 'acme.com'],
      ['http://user@shop.acme.co.uk:8080/', 'shop.acme.co.uk'],
      ['Ann@Acme.COM', 'acme.com'],
      ['www.acme.com.', 'acme.com'],
    ])('reads %s as %s', (value, domain) => {
      expect(domainOf(value)).toBe(domain);
    });

    it('finds no domain in a word', () => {
      expect(domainOf('localhost')).toBeUndefined();
    });
  });

  describe(matchKeys.name, () => {
    it('keys each exact rule by its normalised values, leaving out rules without a value', () => {
      expect(
        matchKeys(PARTY, { email: ' Ann@X.com', phone: '(415) 555-0100', domain: 'x.com' }, 'US'),
      ).toEqual(['same_email:ann@x.com', 'same_phone:+14155550100', 'same_domain:x.com']);
      expect(matchKeys(PARTY, { code: 'A' }, 'US')).toBeNull();
    });
  });

  describe(compositeKeyClaims.name, () => {
    it('claims a composite key only when all its properties have a value', () => {
      expect(compositeKeyClaims(PARTY, { code: 'V1', country: 'NO' })).toEqual([
        { property: 'key:code_country', value: '["V1","NO"]' },
      ]);
      expect(compositeKeyClaims(PARTY, { code: 'V1' })).toEqual([]);
    });
  });

  describe(withDerivedDomains.name, () => {
    it('fills a missing domain from the first source that has one', () => {
      expect(withDerivedDomains(PARTY, { email: 'ann@Acme.com' })).toEqual({
        email: 'ann@Acme.com',
        domain: 'acme.com',
      });
      expect(withDerivedDomains(PARTY, { website: 'https://www.b.io', email: 'x@c.io' })).toEqual({
        website: 'https://www.b.io',
        email: 'x@c.io',
        domain: 'b.io',
      });
    });

    it('reduces a given domain to its domain form', () => {
      expect(withDerivedDomains(PARTY, { domain: 'WWW.Acme.com' })).toEqual({ domain: 'acme.com' });
    });
  });
});
