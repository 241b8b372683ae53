/** What every newsroom page knows. */
export interface NewsroomContext {
  siteName: string;
  /** Absolute base URL of the site, for the reset links handed to users. */
  siteUrl: string;
  timeZone: string;
  /** The site's address is https: every cookie is Secure, whatever the request came over. */
  secureCookies: boolean;
  /** URL of the newsroom's stylesheet (content-hashed). */
  stylesheet: string;
  favicon: string;
}
