/**
 * How a client shows who it is, as the OpenAPI document declares it: the two headers that
 * registerApiClients reads (components.securitySchemes), and what each operation accepts (its
 * schema's `security`), so that a generated client knows where to put a key.
 */
export const SECURITY_SCHEMES = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description:
      'A content key (ghad_c_…) or an admin token (ghad_a_…), made in the newsroom or with `npx ghad token create`. A content key may also be sent as `X-Api-Key: ghad_c_…`; an admin token only here (as X-Api-Key it is refused, 401 admin_token_in_api_key).',
  },
  contentKey: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Api-Key',
    description:
      'A content key (ghad_c_…), as in `Authorization: Bearer`: for partners whose HTTP client sets headers more easily than Authorization.',
  },
} as const;

/** Requirements name only declared schemes; `{}` among them makes a key optional. */
type SecurityRequirements = ReadonlyArray<Partial<Record<keyof typeof SECURITY_SCHEMES, readonly []>>>;

/** An operation's `security`: which of the schemes it accepts (`{}`: none at all). */
export const SECURITY = {
  /**
   * Anyone; a key is optional. With one (a content key, or an admin token) the calls count against
   * the key's own limit, search included, instead of the address's.
   */
  readerOrKey: [{}, { bearer: [] }, { contentKey: [] }],
  /** An admin token, as `Authorization: Bearer` only. */
  adminToken: [{ bearer: [] }],
  /** Anyone, with no key needed: the article page's beacon, this document and its page. */
  open: [],
} as const satisfies Record<string, SecurityRequirements>;
