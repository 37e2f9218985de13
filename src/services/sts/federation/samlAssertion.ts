/**
 * What a verified SAML assertion says, and whether it may be redeemed now: issuer, IssueInstant (at most
 * five minutes old), subject, exactly one SubjectConfirmationData (Recipient accepted, NotOnOrAfter ahead),
 * Conditions (NotBefore / NotOnOrAfter, every AudienceRestriction naming an accepted audience), attributes
 * and the AuthnStatement's SessionNotOnOrAfter. Reads only the signed assertion it is given.
 */
import { isAcceptedAudience, isAcceptedRecipient } from './endpoints.js';
import { FederationErrors } from './errors.js';
import { childrenNS, NS, onlyChildNS, pureText, XmlRefused } from './xml.js';

export interface SamlClaims {
  id: string;
  issuer: string;
  issueInstant: number;
  nameId: string;
  nameIdFormat: string | undefined;
  /** The SubjectConfirmationData Recipient (AWS answers it as Audience, and it is saml:aud). */
  recipient: string;
  attributes: Map<string, string[]>;
  sessionNotOnOrAfter: number | undefined;
  /** Until when the assertion could be redeemed at all (how long a replay must be remembered). */
  redeemableUntil: number;
}

export const REDEEM_WITHIN_MS = 5 * 60_000;
export const SKEW_MS = 60_000;
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

const invalid = FederationErrors.invalidToken;

function time(value: string | null, what: string): number | undefined {
  if (value === null || value === '') return undefined;
  const t = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value) || !Number.isFinite(t)) throw invalid(`Invalid ${what} in SAML assertion`);
  return t;
}

function one(parent: Element, ns: string, local: string): Element | undefined {
  try {
    return onlyChildNS(parent, ns, local);
  } catch {
    throw invalid(`SAML assertion has more than one ${local}`);
  }
}

function text(el: Element): string {
  try {
    return pureText(el).trim();
  } catch (e) {
    throw invalid(e instanceof XmlRefused ? `Invalid SAML assertion: ${e.message}` : 'Invalid SAML assertion');
  }
}

/** The IdP's status: anything but Success is the IdP rejecting the claim. */
export function checkResponseStatus(response: Element): void {
  const status = one(response, NS.samlp, 'Status');
  const code = status ? one(status, NS.samlp, 'StatusCode') : undefined;
  const value = code?.getAttribute('Value');
  if (value !== SUCCESS) throw FederationErrors.rejectedClaim(`The identity provider did not authenticate the user (status ${value ?? 'missing'})`);
  const destination = response.getAttribute('Destination');
  if (destination && !isAcceptedRecipient(destination)) throw invalid(`Invalid SAML response: Destination ${destination} is not accepted`);
}

export function readSamlClaims(assertion: Element, now: number, metadataIssuer: string | undefined): SamlClaims {
  const id = assertion.getAttribute('ID') ?? '';
  if (!id) throw invalid('SAML assertion has no ID');
  if (assertion.getAttribute('Version') !== '2.0') throw invalid('Unsupported SAML version');
  const issuerEl = one(assertion, NS.saml, 'Issuer');
  const issuer = issuerEl ? text(issuerEl) : '';
  if (!issuer) throw invalid('SAML assertion has no Issuer');
  if (metadataIssuer && issuer !== metadataIssuer) throw invalid('Issuer not present in specified provider');

  const issueInstant = time(assertion.getAttribute('IssueInstant'), 'IssueInstant');
  if (issueInstant === undefined) throw invalid('SAML assertion has no IssueInstant');
  if (issueInstant > now + SKEW_MS) throw invalid('SAML assertion IssueInstant is in the future');

  // Subject: NameID and exactly one SubjectConfirmationData (bearer).
  const subject = one(assertion, NS.saml, 'Subject');
  const nameIdEl = subject ? one(subject, NS.saml, 'NameID') : undefined;
  if (!subject || !nameIdEl) throw invalid('SAML assertion has no Subject NameID');
  const nameId = text(nameIdEl);
  if (!nameId) throw invalid('SAML assertion has an empty NameID');
  const confirmations = childrenNS(subject, NS.saml, 'SubjectConfirmation');
  const data = confirmations.flatMap((c) => childrenNS(c, NS.saml, 'SubjectConfirmationData'));
  if (data.length !== 1 || confirmations.length !== 1) throw invalid('SAML assertion must have exactly one SubjectConfirmationData');
  if (confirmations[0]!.getAttribute('Method') !== BEARER) throw invalid('SAML SubjectConfirmation Method must be bearer');
  const scd = data[0]!;
  const recipient = scd.getAttribute('Recipient') ?? '';
  if (!isAcceptedRecipient(recipient)) throw invalid(`Invalid SAML assertion: Recipient ${recipient || '(none)'} is not accepted`);
  const scdNotOnOrAfter = time(scd.getAttribute('NotOnOrAfter'), 'SubjectConfirmationData NotOnOrAfter');
  if (scdNotOnOrAfter === undefined) throw invalid('SAML SubjectConfirmationData must have NotOnOrAfter');
  const scdNotBefore = time(scd.getAttribute('NotBefore'), 'SubjectConfirmationData NotBefore');

  // Conditions: validity window and audiences.
  const conditions = one(assertion, NS.saml, 'Conditions');
  if (!conditions) throw invalid('SAML assertion has no Conditions');
  const notBefore = time(conditions.getAttribute('NotBefore'), 'Conditions NotBefore');
  const notOnOrAfter = time(conditions.getAttribute('NotOnOrAfter'), 'Conditions NotOnOrAfter');
  const restrictions = childrenNS(conditions, NS.saml, 'AudienceRestriction');
  if (restrictions.length === 0) throw invalid('SAML assertion has no AudienceRestriction');
  for (const r of restrictions) {
    const auds = childrenNS(r, NS.saml, 'Audience').map(text);
    if (!auds.some((a) => isAcceptedAudience(a))) throw invalid(`Invalid SAML assertion: Audience ${auds.join(', ') || '(none)'} is not accepted`);
  }

  for (const nb of [notBefore, scdNotBefore]) {
    if (nb !== undefined && nb > now + SKEW_MS) throw invalid('SAML assertion is not yet valid (NotBefore)');
  }
  for (const na of [notOnOrAfter, scdNotOnOrAfter]) {
    if (na !== undefined && na <= now - SKEW_MS) throw FederationErrors.expired('SAML assertion has expired (NotOnOrAfter)');
  }
  if (now - issueInstant > REDEEM_WITHIN_MS) throw FederationErrors.samlTooOld();

  // Attributes (every AttributeStatement), and the session limit the IdP set.
  const attributes = new Map<string, string[]>();
  for (const st of childrenNS(assertion, NS.saml, 'AttributeStatement')) {
    for (const a of childrenNS(st, NS.saml, 'Attribute')) {
      const name = a.getAttribute('Name') ?? '';
      const values = childrenNS(a, NS.saml, 'AttributeValue').map(text);
      attributes.set(name, [...(attributes.get(name) ?? []), ...values]);
    }
  }
  let sessionNotOnOrAfter: number | undefined;
  for (const st of childrenNS(assertion, NS.saml, 'AuthnStatement')) {
    const t = time(st.getAttribute('SessionNotOnOrAfter'), 'SessionNotOnOrAfter');
    if (t !== undefined) sessionNotOnOrAfter = Math.min(sessionNotOnOrAfter ?? t, t);
  }
  if (sessionNotOnOrAfter !== undefined && sessionNotOnOrAfter <= now) throw FederationErrors.expired('The SAML session has ended (SessionNotOnOrAfter)');

  const redeemableUntil = Math.min(scdNotOnOrAfter, notOnOrAfter ?? Infinity, issueInstant + REDEEM_WITHIN_MS) + SKEW_MS;
  return {
    id,
    issuer,
    issueInstant,
    nameId,
    nameIdFormat: nameIdEl.getAttribute('Format') || undefined,
    recipient,
    attributes,
    sessionNotOnOrAfter,
    redeemableUntil,
  };
}
