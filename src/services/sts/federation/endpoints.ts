/**
 * Where SAML assertions may be addressed (Recipient, Destination) and whom they may be for (Audience):
 * AWS's sign-in endpoint (global or regional), and the endpoint Tessera announces when it knows its public
 * URL (TESSERA_PUBLIC_URL, e.g. https://tessera.example.com → https://tessera.example.com/saml).
 */
const AWS_SIGNIN = 'https://signin.aws.amazon.com/saml';
const AWS_REGIONAL = /^https:\/\/[a-z]{2}(-[a-z]+)+-\d\.signin\.aws\.amazon\.com\/saml$/;
/** The audience older IdP configurations use for AWS. */
const AWS_URN = 'urn:amazon:webservices';

export function announcedSamlEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const base = env.TESSERA_PUBLIC_URL?.trim();
  return base ? `${base.replace(/\/+$/, '')}/saml` : undefined;
}

export function isAcceptedRecipient(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return url === AWS_SIGNIN || AWS_REGIONAL.test(url) || (announcedSamlEndpoint(env) !== undefined && url === announcedSamlEndpoint(env));
}

export const isAcceptedAudience = (aud: string, env: NodeJS.ProcessEnv = process.env): boolean =>
  aud === AWS_URN || isAcceptedRecipient(aud, env);
