//! Web Push: payload encryption (RFC 8291, `aes128gcm` of RFC 8188) and VAPID (RFC 8292).
//!
//! Also holds a [`TestSubscriber`] and [`verify_vapid`], the receiving side, for black-box tests.

use aes_gcm::aead::rand_core::RngCore;
use aes_gcm::aead::{Aead, KeyInit, OsRng};
use aes_gcm::{Aes128Gcm, Nonce};
use base64::Engine;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use hkdf::Hkdf;
use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::{PublicKey, SecretKey};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// Record size written in the RFC 8188 header.
pub const RECORD_SIZE: u32 = 4096;
/// Length of the RFC 8188 header: salt(16) || rs(4) || idlen(1) || keyid(65).
pub const HEADER_LEN: usize = 16 + 4 + 1 + 65;
/// Largest payload accepted: a 4096-byte body less the header, the padding delimiter and the GCM tag.
pub const MAX_PAYLOAD: usize = 4096 - HEADER_LEN - 1 - 16;
/// Lifetime of a VAPID JWT (12 hours).
pub const VAPID_TTL_SECS: i64 = 12 * 3600;

const B64: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new().with_encode_padding(false).with_decode_padding_mode(DecodePaddingMode::Indifferent),
);
const JWT_HEADER: &str = r#"{"typ":"JWT","alg":"ES256"}"#;

/// Errors of Web Push encryption, decryption and VAPID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebPushError {
    /// A key or secret is malformed.
    #[error("bad key: {0}")]
    BadKey(String),
    /// The payload does not fit in one 4096-byte push message.
    #[error("payload too large: {len} bytes, at most {max} allowed")]
    PayloadTooLarge { len: usize, max: usize },
    /// A cryptographic operation failed (e.g. authentication tag mismatch).
    #[error("crypto failure: {0}")]
    Crypto(String),
    /// The RFC 8188 header or record framing is malformed.
    #[error("bad aes128gcm header: {0}")]
    BadHeader(String),
    /// The VAPID key, subject, endpoint or Authorization header is invalid.
    #[error("bad VAPID: {0}")]
    BadVapid(String),
    /// The subscription JSON is malformed.
    #[error("bad subscription: {0}")]
    BadSubscription(String),
}

/// A push subscription, flattened from the browser's `PushSubscription.toJSON()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    /// Push service URL.
    pub endpoint: String,
    /// Subscriber's P-256 public key, uncompressed, base64url.
    pub p256dh: String,
    /// Subscriber's 16-byte auth secret, base64url.
    pub auth: String,
}

#[derive(Deserialize)]
struct BrowserSubscription {
    endpoint: String,
    keys: BrowserKeys,
}

#[derive(Deserialize)]
struct BrowserKeys {
    p256dh: String,
    auth: String,
}

impl Subscription {
    /// Parses and validates `{"endpoint":..,"keys":{"p256dh":..,"auth":..}}` (extra fields are ignored).
    pub fn from_browser_json(json: &str) -> Result<Self, WebPushError> {
        let raw: BrowserSubscription =
            serde_json::from_str(json).map_err(|e| WebPushError::BadSubscription(e.to_string()))?;
        let sub = Self { endpoint: raw.endpoint, p256dh: raw.keys.p256dh, auth: raw.keys.auth };
        sub.validate()?;
        Ok(sub)
    }

    /// Checks the endpoint is an http(s) URL and the keys decode.
    pub fn validate(&self) -> Result<(), WebPushError> {
        audience(&self.endpoint).map_err(|e| WebPushError::BadSubscription(e.to_string()))?;
        decode_ua_public(&self.p256dh)?;
        decode_auth(&self.auth)?;
        Ok(())
    }

    /// Encrypts `payload` for this subscriber (see [`encrypt`]).
    pub fn encrypt(&self, payload: &[u8]) -> Result<Vec<u8>, WebPushError> {
        encrypt(payload, &self.p256dh, &self.auth)
    }
}

/// Encrypts `payload` with a random salt and a fresh application-server key; returns the request body.
pub fn encrypt(payload: &[u8], p256dh_b64: &str, auth_b64: &str) -> Result<Vec<u8>, WebPushError> {
    let mut salt = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    encrypt_with(payload, p256dh_b64, auth_b64, salt, &SecretKey::random(&mut OsRng))
}

/// Deterministic [`encrypt`] with a given salt and application-server secret key.
pub fn encrypt_with(
    payload: &[u8],
    p256dh_b64: &str,
    auth_b64: &str,
    salt: [u8; 16],
    as_secret: &SecretKey,
) -> Result<Vec<u8>, WebPushError> {
    if payload.len() > MAX_PAYLOAD {
        return Err(WebPushError::PayloadTooLarge { len: payload.len(), max: MAX_PAYLOAD });
    }
    let (ua_key, ua_public) = decode_ua_public(p256dh_b64)?;
    let auth = decode_auth(auth_b64)?;
    let as_public = as_secret.public_key().to_encoded_point(false);
    let shared = p256::ecdh::diffie_hellman(as_secret.to_nonzero_scalar(), ua_key.as_affine());
    let (cek, nonce) = derive(shared.raw_secret_bytes(), &auth, &ua_public, as_public.as_bytes(), &salt)?;

    let mut plain = Vec::with_capacity(payload.len() + 1);
    plain.extend_from_slice(payload);
    plain.push(0x02);
    let record = Aes128Gcm::new(&cek.into())
        .encrypt(&Nonce::from(nonce), plain.as_slice())
        .map_err(|_| WebPushError::Crypto("AES-GCM encryption failed".into()))?;

    let mut body = Vec::with_capacity(HEADER_LEN + record.len());
    body.extend_from_slice(&salt);
    body.extend_from_slice(&RECORD_SIZE.to_be_bytes());
    body.push(65);
    body.extend_from_slice(as_public.as_bytes());
    body.extend_from_slice(&record);
    Ok(body)
}

/// RFC 8291 §3.3-3.4 key schedule: returns (CEK, nonce).
fn derive(
    ecdh_secret: &[u8],
    auth: &[u8; 16],
    ua_public: &[u8],
    as_public: &[u8],
    salt: &[u8; 16],
) -> Result<([u8; 16], [u8; 12]), WebPushError> {
    let ikm: [u8; 32] = hkdf(auth, ecdh_secret, &[b"WebPush: info\0", ua_public, as_public])?;
    let cek = hkdf(salt, &ikm, &[b"Content-Encoding: aes128gcm\0"])?;
    let nonce = hkdf(salt, &ikm, &[b"Content-Encoding: nonce\0"])?;
    Ok((cek, nonce))
}

fn hkdf<const N: usize>(salt: &[u8], ikm: &[u8], info: &[&[u8]]) -> Result<[u8; N], WebPushError> {
    let mut out = [0u8; N];
    Hkdf::<Sha256>::new(Some(salt), ikm)
        .expand_multi_info(info, &mut out)
        .map_err(|_| WebPushError::Crypto("HKDF expand failed".into()))?;
    Ok(out)
}

fn b64_decode(s: &str, what: &str) -> Result<Vec<u8>, WebPushError> {
    B64.decode(s.trim()).map_err(|e| WebPushError::BadKey(format!("{what} is not base64url: {e}")))
}

fn decode_ua_public(p256dh_b64: &str) -> Result<(PublicKey, Vec<u8>), WebPushError> {
    let bytes = b64_decode(p256dh_b64, "p256dh")?;
    if bytes.len() != 65 || bytes[0] != 0x04 {
        return Err(WebPushError::BadKey("p256dh must be a 65-byte uncompressed P-256 point".into()));
    }
    let key = PublicKey::from_sec1_bytes(&bytes).map_err(|_| WebPushError::BadKey("p256dh is not on P-256".into()))?;
    Ok((key, bytes))
}

fn decode_auth(auth_b64: &str) -> Result<[u8; 16], WebPushError> {
    b64_decode(auth_b64, "auth")?.try_into().map_err(|_| WebPushError::BadKey("auth secret must be 16 bytes".into()))
}

/// VAPID origin (`scheme://host[:port]`) of a push endpoint URL.
pub fn audience(endpoint: &str) -> Result<String, WebPushError> {
    let url = url::Url::parse(endpoint).map_err(|e| WebPushError::BadVapid(format!("bad endpoint URL: {e}")))?;
    if !matches!(url.scheme(), "https" | "http") || url.host().is_none() {
        return Err(WebPushError::BadVapid(format!("endpoint must be an http(s) URL: {endpoint}")));
    }
    Ok(url.origin().ascii_serialization())
}

#[derive(Serialize, Deserialize)]
struct Claims {
    aud: String,
    exp: i64,
    sub: String,
}

/// A VAPID application-server identity: P-256 signing key and contact subject.
#[derive(Clone)]
pub struct Vapid {
    key: SigningKey,
    subject: String,
}

impl std::fmt::Debug for Vapid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vapid").field("public_key", &self.public_key_b64()).field("subject", &self.subject).finish()
    }
}

impl Vapid {
    /// Builds from a base64url raw 32-byte private scalar and a `mailto:` or `https:` subject.
    pub fn from_private_b64(private_b64: &str, subject: &str) -> Result<Self, WebPushError> {
        let bytes = B64
            .decode(private_b64.trim())
            .map_err(|e| WebPushError::BadVapid(format!("private key is not base64url: {e}")))?;
        if bytes.len() != 32 {
            return Err(WebPushError::BadVapid("private key must be a raw 32-byte scalar".into()));
        }
        let key = SigningKey::from_slice(&bytes).map_err(|_| WebPushError::BadVapid("invalid P-256 scalar".into()))?;
        if !(subject.starts_with("mailto:") || subject.starts_with("https:")) {
            return Err(WebPushError::BadVapid(format!("subject must be mailto: or https:, got {subject:?}")));
        }
        Ok(Self { key, subject: subject.to_owned() })
    }

    /// Generates a fresh key pair (tests and development).
    pub fn generate(subject: &str) -> Result<Self, WebPushError> {
        let private = B64.encode(SigningKey::random(&mut OsRng).to_bytes());
        Self::from_private_b64(&private, subject)
    }

    /// Private key as base64url raw scalar (the format accepted by [`Vapid::from_private_b64`]).
    pub fn private_key_b64(&self) -> String {
        B64.encode(self.key.to_bytes())
    }

    /// Public key, 65-byte uncompressed, base64url without padding (`applicationServerKey`).
    pub fn public_key_b64(&self) -> String {
        B64.encode(self.key.verifying_key().to_encoded_point(false).as_bytes())
    }

    /// `Authorization` header value `vapid t=<JWT>, k=<public key>` for `endpoint`, valid 12 h from `now_unix`.
    pub fn authorization(&self, endpoint: &str, now_unix: i64) -> Result<String, WebPushError> {
        let claims = Claims {
            aud: audience(endpoint)?,
            exp: now_unix.saturating_add(VAPID_TTL_SECS),
            sub: self.subject.clone(),
        };
        let claims = serde_json::to_vec(&claims).map_err(|e| WebPushError::BadVapid(e.to_string()))?;
        let input = format!("{}.{}", B64.encode(JWT_HEADER), B64.encode(claims));
        let signature: Signature = self.key.sign(input.as_bytes());
        Ok(format!("vapid t={input}.{}, k={}", B64.encode(signature.to_bytes()), self.public_key_b64()))
    }
}

/// Verifies a `vapid t=.., k=..` header: ES256 signature with `k`, `aud == expected_aud`, unexpired `exp`.
pub fn verify_vapid(header_value: &str, expected_aud: &str) -> Result<(), WebPushError> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| WebPushError::BadVapid(format!("clock before epoch: {e}")))?;
    verify_vapid_at(header_value, expected_aud, i64::try_from(now.as_secs()).unwrap_or(i64::MAX))
}

/// [`verify_vapid`] at a given Unix time; `exp` must lie in `(now, now + 24 h]`.
pub fn verify_vapid_at(header_value: &str, expected_aud: &str, now_unix: i64) -> Result<(), WebPushError> {
    let bad = |m: &str| WebPushError::BadVapid(m.to_owned());
    let (scheme, params) = header_value.trim().split_once(' ').ok_or_else(|| bad("missing parameters"))?;
    if !scheme.eq_ignore_ascii_case("vapid") {
        return Err(bad("scheme is not vapid"));
    }
    let (mut token, mut key) = (None, None);
    for param in params.split(',') {
        match param.trim().split_once('=') {
            Some(("t", v)) => token = Some(v.trim()),
            Some(("k", v)) => key = Some(v.trim()),
            _ => {}
        }
    }
    let (token, key) = (token.ok_or_else(|| bad("missing t="))?, key.ok_or_else(|| bad("missing k="))?);
    let key = B64.decode(key).map_err(|_| bad("k= is not base64url"))?;
    if key.len() != 65 {
        return Err(bad("k= must be a 65-byte uncompressed point"));
    }
    let key = VerifyingKey::from_sec1_bytes(&key).map_err(|_| bad("k= is not a P-256 point"))?;

    let (input, sig) = token.rsplit_once('.').ok_or_else(|| bad("JWT lacks a signature"))?;
    let (header, claims) = input.split_once('.').ok_or_else(|| bad("JWT lacks claims"))?;
    let sig = B64.decode(sig).map_err(|_| bad("signature is not base64url"))?;
    let sig = Signature::from_slice(&sig).map_err(|_| bad("signature must be 64-byte r||s"))?;
    key.verify(input.as_bytes(), &sig).map_err(|_| bad("ES256 signature does not verify"))?;

    let header: serde_json::Value = B64
        .decode(header)
        .ok()
        .and_then(|h| serde_json::from_slice(&h).ok())
        .ok_or_else(|| bad("JWT header is not base64url JSON"))?;
    if header.get("alg").and_then(|a| a.as_str()) != Some("ES256") {
        return Err(bad("JWT alg is not ES256"));
    }
    let claims: Claims = B64
        .decode(claims)
        .ok()
        .and_then(|c| serde_json::from_slice(&c).ok())
        .ok_or_else(|| bad("JWT claims are not base64url JSON with aud, exp, sub"))?;
    if claims.aud != expected_aud {
        return Err(WebPushError::BadVapid(format!("aud {:?} != expected {expected_aud:?}", claims.aud)));
    }
    if claims.exp <= now_unix || claims.exp > now_unix.saturating_add(24 * 3600) {
        return Err(bad("exp is expired or more than 24 h ahead"));
    }
    if !(claims.sub.starts_with("mailto:") || claims.sub.starts_with("https:")) {
        return Err(bad("sub must be mailto: or https:"));
    }
    Ok(())
}

/// A fake browser subscriber holding the private half, for tests that must decrypt real pushes.
#[derive(Debug, Clone)]
pub struct TestSubscriber {
    secret: SecretKey,
    auth: [u8; 16],
}

impl Default for TestSubscriber {
    fn default() -> Self {
        Self::new()
    }
}

impl TestSubscriber {
    /// Fresh random key pair and auth secret.
    pub fn new() -> Self {
        let mut auth = [0u8; 16];
        OsRng.fill_bytes(&mut auth);
        Self { secret: SecretKey::random(&mut OsRng), auth }
    }

    /// Public key as a browser reports it in `keys.p256dh`.
    pub fn p256dh_b64(&self) -> String {
        B64.encode(self.secret.public_key().to_encoded_point(false).as_bytes())
    }

    /// Auth secret as a browser reports it in `keys.auth`.
    pub fn auth_b64(&self) -> String {
        B64.encode(self.auth)
    }

    /// A [`Subscription`] for this subscriber at `endpoint`.
    pub fn subscription(&self, endpoint: &str) -> Subscription {
        Subscription { endpoint: endpoint.to_owned(), p256dh: self.p256dh_b64(), auth: self.auth_b64() }
    }

    /// Parses the RFC 8188 header and decrypts a single-record `aes128gcm` body.
    pub fn decrypt(&self, body: &[u8]) -> Result<Vec<u8>, WebPushError> {
        let bad = |m: &str| WebPushError::BadHeader(m.to_owned());
        if body.len() < HEADER_LEN {
            return Err(bad("body shorter than the header"));
        }
        let (header, record) = body.split_at(HEADER_LEN);
        let mut salt = [0u8; 16];
        salt.copy_from_slice(&header[..16]);
        let rs = u32::from_be_bytes([header[16], header[17], header[18], header[19]]);
        if header[20] != 65 {
            return Err(bad("keyid must be a 65-byte public key"));
        }
        let as_public = &header[21..];
        if rs < 18 || record.len() > rs as usize {
            return Err(bad("record size invalid or more than one record"));
        }
        if record.len() < 17 {
            return Err(bad("record shorter than tag and delimiter"));
        }
        let as_key = PublicKey::from_sec1_bytes(as_public).map_err(|_| bad("keyid is not a P-256 point"))?;
        let ua_public = self.secret.public_key().to_encoded_point(false);
        let shared = p256::ecdh::diffie_hellman(self.secret.to_nonzero_scalar(), as_key.as_affine());
        let (cek, nonce) = derive(shared.raw_secret_bytes(), &self.auth, ua_public.as_bytes(), as_public, &salt)?;
        let mut plain = Aes128Gcm::new(&cek.into())
            .decrypt(&Nonce::from(nonce), record)
            .map_err(|_| WebPushError::Crypto("authentication tag mismatch".into()))?;
        let end = plain.iter().rposition(|&b| b != 0).ok_or_else(|| bad("no padding delimiter"))?;
        if plain[end] != 0x02 {
            return Err(bad("padding delimiter is not 0x02 (last record)"));
        }
        plain.truncate(end);
        Ok(plain)
    }
}

#[cfg(test)]
mod tests;
