import { AccessToken } from '../../../libs/access/src/token-registry.port';
import { deviceCodeLines, deviceCodeRequest, displayWidth, issuedTokenLines, issueTokenRequest, scopeOf, tokenState, tokenTable } from './token-commands';

describe('ledger token issue: options → POST /admin/tokens body', () => {
  const now = new Date('2025-03-01T00:00:00Z');

  it('scopes a token to an organisation with --org, or to every organisation with --all', () => {
    expect(issueTokenRequest({ role: 'staff', org: 'chaowai' }, now)).toEqual({ role: 'staff', organizationId: 'chaowai' });
    expect(issueTokenRequest({ role: 'auditor', all: true }, now)).toEqual({ role: 'auditor', organizationId: null });
  });

  it('sends the expiry as a UTC instant and the label trimmed', () => {
    expect(issueTokenRequest({ role: 'analyst', org: 'fengtai', expires: '2025-06-30T18:00:00+08:00', label: '  Fengtai analysts ' }, now)).toEqual({
      role: 'analyst',
      organizationId: 'fengtai',
      expiresAt: '2025-06-30T10:00:00.000Z',
      label: 'Fengtai analysts',
    });
    expect(issueTokenRequest({ role: 'admin', all: true, expires: '2025-04-01T00:00Z' }, now).expiresAt).toBe('2025-04-01T00:00:00.000Z');
  });

  it('refuses a role the ledger does not have', () => {
    expect(() => issueTokenRequest({ role: 'clerk', org: 'chaowai' }, now)).toThrow('--role must be one of staff, analyst, auditor, admin, not clerk');
    expect(() => issueTokenRequest({ org: 'chaowai' }, now)).toThrow(/--role must be one of/);
  });

  it('needs exactly one scope: --org or --all', () => {
    expect(() => issueTokenRequest({ role: 'staff' }, now)).toThrow(/--org <id> .* or --all/);
    expect(() => issueTokenRequest({ role: 'staff', org: 'chaowai', all: true }, now)).toThrow('--org and --all exclude each other');
    expect(() => issueTokenRequest({ role: 'staff', org: ' ' }, now)).toThrow('--org needs an organisation id');
  });

  it('takes an expiry only as an instant with its zone, that exists, in the future', () => {
    expect(() => issueTokenRequest({ role: 'staff', org: 'chaowai', expires: '2025-06-30' }, now)).toThrow(/ISO-8601 instant with its time zone/);
    expect(() => issueTokenRequest({ role: 'staff', org: 'chaowai', expires: '2025-06-30T18:00:00' }, now)).toThrow(/with its time zone/);
    expect(() => issueTokenRequest({ role: 'staff', org: 'chaowai', expires: 'next week' }, now)).toThrow(/with its time zone/);
    expect(() => issueTokenRequest({ role: 'staff', org: 'chaowai', expires: '2025-02-30T12:00:00Z' }, now)).toThrow('is not a date and time that exists');
    expect(() => issueTokenRequest({ role: 'staff', org: 'chaowai', expires: '2025-06-30T24:00:00Z' }, now)).toThrow('is not a date and time that exists');
    expect(() => issueTokenRequest({ role: 'staff', org: 'chaowai', expires: '2025-03-01T08:00:00+08:00' }, now)).toThrow('has passed already');
  });

  it('refuses an empty label rather than sending one', () => {
    expect(() => issueTokenRequest({ role: 'staff', org: 'chaowai', label: '   ' }, now)).toThrow('--label needs some text');
  });
});

describe('ledger token issue: what it prints', () => {
  it('shows the token on a line of its own, with its id, scope and expiry, and says it is shown once', () => {
    const lines = issuedTokenLines({
      id: 'tok-4f3a9c0e1b2d',
      token: 'ledger_secret',
      role: 'staff',
      organizationId: 'chaowai',
      label: 'front desk',
      createdAt: '2025-03-01T00:00:00.000Z',
      createdBy: 'tok-bootstrap',
      expiresAt: '2025-06-30T10:00:00.000Z',
    });
    expect(lines[0]).toBe('issued token tok-4f3a9c0e1b2d: staff of chaowai and its subtree, "front desk", expires 2025-06-30T10:00:00.000Z');
    expect(lines).toContain('  ledger_secret');
    expect(lines.join('\n')).toMatch(/only time the token is shown/);
    expect(lines.join('\n')).toMatch(/ledger token revoke tok-4f3a9c0e1b2d/);
  });

  it('says so when a token does not expire, and names the every-organisation scope', () => {
    const [first] = issuedTokenLines({ id: 'tok-1', token: 't', role: 'admin', organizationId: null, createdAt: 'x', createdBy: 'y' });
    expect(first).toBe('issued token tok-1: admin of every organisation, does not expire');
    expect(scopeOf({ role: 'auditor', organizationId: null })).toBe('auditor of every organisation');
  });
});

describe('ledger token list: the table', () => {
  const now = new Date('2025-03-01T00:00:00Z');
  const tokens: AccessToken[] = [
    { id: 'tok-bootstrap', role: 'admin', organizationId: null, label: 'bootstrap admin', createdAt: '2025-01-05T10:32:11.123Z', createdBy: 'ledger' },
    {
      id: 'tok-4f3a9c0e1b2d',
      role: 'staff',
      organizationId: 'chaowai',
      label: '朝外前台',
      createdAt: '2025-01-06T08:00:00.000Z',
      createdBy: 'tok-bootstrap',
      expiresAt: '2025-02-01T00:00:00.000Z',
    },
    {
      id: 'tok-77',
      role: 'analyst',
      organizationId: 'fengtai',
      createdAt: '2025-01-07T08:00:00.000Z',
      createdBy: 'tok-bootstrap',
      expiresAt: '2026-01-01T00:00:00.000Z',
      revokedAt: '2025-02-10T09:15:00.500Z',
    },
  ];

  it('aligns one row per token under a header, in the API’s order, without milliseconds', () => {
    expect(tokenTable(tokens, now)).toEqual([
      'id                role     organisation  label            created               by             expires               state',
      'tok-bootstrap     admin    (all)         bootstrap admin  2025-01-05T10:32:11Z  ledger         never                 active',
      'tok-4f3a9c0e1b2d  staff    chaowai       朝外前台         2025-01-06T08:00:00Z  tok-bootstrap  2025-02-01T00:00:00Z  expired',
      'tok-77            analyst  fengtai                        2025-01-07T08:00:00Z  tok-bootstrap  2026-01-01T00:00:00Z  revoked 2025-02-10T09:15:00Z',
    ]);
  });

  it('says there are none rather than print a bare header', () => {
    expect(tokenTable([], now)).toEqual(['no tokens']);
  });

  it('tells a revoked token from an expired one, and both from an active one', () => {
    expect(tokenState({ expiresAt: '2025-03-01T00:00:00.000Z' }, now)).toBe('expired');
    expect(tokenState({ expiresAt: '2025-03-01T00:00:01.000Z' }, now)).toBe('active');
    expect(tokenState({ expiresAt: '2025-01-01T00:00:00.000Z', revokedAt: '2024-12-01T00:00:00.000Z' }, now)).toBe('revoked 2024-12-01T00:00:00Z');
  });

  it('counts Chinese characters as two columns, as a terminal draws them', () => {
    expect(displayWidth('chaowai')).toBe(7);
    expect(displayWidth('朝外前台')).toBe(8);
    expect(displayWidth('朝外 desk')).toBe(9);
  });
});

describe('ledger token device-code: options → POST /admin/device-codes body, and what it prints', () => {
  it('issues a staff code for 12 hours unless told otherwise, the label trimmed', () => {
    expect(deviceCodeRequest({ org: 'chaowai' })).toEqual({ organizationId: 'chaowai', role: 'staff', validForHours: 12 });
    expect(deviceCodeRequest({ org: 'chaoyang', role: 'analyst', label: ' office tablet ', hours: '168' })).toEqual({
      organizationId: 'chaoyang',
      role: 'analyst',
      label: 'office tablet',
      validForHours: 168,
    });
  });

  it('needs an organisation, a device role, whole hours from 1 to 168, and a label with some text', () => {
    expect(() => deviceCodeRequest({})).toThrow('--org needs the organisation the tablet acts for');
    expect(() => deviceCodeRequest({ org: ' ' })).toThrow('--org needs the organisation the tablet acts for');
    expect(() => deviceCodeRequest({ org: 'chaowai', role: 'admin' })).toThrow('--role must be staff or analyst for a device, not admin');
    for (const hours of ['0', '169', '1.5', '12h', '', '-1']) {
      expect(() => deviceCodeRequest({ org: 'chaowai', hours })).toThrow(/--hours is how long .* from 1 to 168/);
    }
    expect(() => deviceCodeRequest({ org: 'chaowai', label: '  ' })).toThrow('--label needs some text');
  });

  it('prints the code on a line of its own, with whose it is, when it must be typed in by, and how long the tablet stays signed in', () => {
    const lines = deviceCodeLines({ code: 'K7QM-4TZP', expiresAt: '2025-03-01T04:10:00.000Z', organizationId: 'chaowai', role: 'staff', label: 'door tablet' }, 8);
    expect(lines).toEqual([
      'device code for staff of chaowai and its subtree, "door tablet":',
      '',
      '  K7QM-4TZP',
      '',
      'Type it into the tablet before 2025-03-01T04:10:00.000Z; it works once, and signs the tablet in for 8 hours.',
    ]);
    expect(deviceCodeLines({ code: 'K7QM-4TZP', expiresAt: 'x', organizationId: 'chaoyang', role: 'analyst', label: null }, 12)[0]).toBe('device code for analyst of chaoyang and its subtree:');
  });
});
