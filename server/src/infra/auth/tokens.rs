//! Access tokens (EdDSA-signed JWTs, about 15 minutes) and refresh tokens (random, kept only as hashes).
//!
//! The algorithm is pinned to EdDSA; `iss`, `aud`, `exp`, `nbf` and `sub` are required and checked. Each key
//! is named by a `kid` derived from its public half, so a new signing key can be rolled out while tokens
//! signed by the previous one stay valid until they expire.

use std::collections::HashMap;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::domain::access::{Role, Subject};
use crate::domain::clock::SharedClock;

/// Clock skew tolerated between instances, in seconds.
const LEEWAY_SECS: u64 = 30;

/// The claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    /// The role when the token was issued; the server trusts storage, not this, for decisions.
    pub role: Role,
    /// The session (refresh-token family) the token belongs to; logging out revokes it.
    pub sid: Uuid,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub jti: Uuid,
}

/// Why a token was refused. The variants are for logs; clients only ever see `invalid_token`.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("the token names no key we know")]
    UnknownKey,
    #[error("the token is not acceptable: {0}")]
    Invalid(#[from] jsonwebtoken::errors::Error),
    #[error("the token's subject is malformed")]
    BadSubject,
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid yet")]
    NotYetValid,
}

/// Signs and checks access tokens.
pub struct TokenService {
    encoding: EncodingKey,
    kid: String,
    decoding: HashMap<String, DecodingKey>,
    validation: Validation,
    issuer: String,
    audience: String,
    access_ttl: Duration,
    /// Times are issued and checked by the application's clock, not the library's reading of the system's.
    clock: SharedClock,
}

impl std::fmt::Debug for TokenService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenService").field("kid", &self.kid).field("keys", &self.decoding.len()).finish()
    }
}

/// The `kid` of an Ed25519 public key: the first 8 bytes of its SHA-256, in hex.
pub fn key_id(public_key: &[u8; 32]) -> String {
    hex::encode(&Sha256::digest(public_key)[..8])
}

impl TokenService {
    /// `seed` signs new tokens; tokens signed by the keys in `previous` still verify.
    pub fn new(
        seed: &[u8; 32],
        previous: &[[u8; 32]],
        issuer: &str,
        audience: &str,
        access_ttl: Duration,
    ) -> Result<Self, ed25519_dalek::pkcs8::Error> {
        let signing = SigningKey::from_bytes(seed);
        let public = signing.verifying_key().to_bytes();
        let der = signing.to_pkcs8_der()?;
        let kid = key_id(&public);
        let mut decoding = HashMap::new();
        decoding.insert(kid.clone(), DecodingKey::from_ed_der(&public));
        for old in previous {
            decoding.insert(key_id(old), DecodingKey::from_ed_der(old));
        }
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        // `exp` and `nbf` are checked in `verify` against the application's clock.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        Ok(Self {
            encoding: EncodingKey::from_ed_der(der.as_bytes()),
            kid,
            decoding,
            validation,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            access_ttl,
            clock: crate::domain::clock::system(),
        })
    }

    /// The same service, issuing and checking times by `clock`.
    pub fn with_clock(mut self, clock: SharedClock) -> Self {
        self.clock = clock;
        self
    }

    /// The current signing key's id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Seconds an access token lives.
    pub fn access_ttl_secs(&self) -> u64 {
        self.access_ttl.as_secs()
    }

    /// A fresh access token for `subject` in session `sid`.
    pub fn issue(&self, subject: Subject, role: Role, sid: Uuid) -> Result<String, TokenError> {
        let now = self.clock.now().timestamp();
        let claims = AccessClaims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: subject.to_claim(),
            role,
            sid,
            iat: now,
            nbf: now,
            exp: now.saturating_add(i64::try_from(self.access_ttl.as_secs()).unwrap_or(i64::MAX)),
            jti: Uuid::new_v4(),
        };
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.kid.clone());
        Ok(jsonwebtoken::encode(&header, &claims, &self.encoding)?)
    }

    /// Checks signature, algorithm, issuer, audience and times; returns the claims and the subject.
    pub fn verify(&self, token: &str) -> Result<(AccessClaims, Subject), TokenError> {
        let header = jsonwebtoken::decode_header(token)?;
        let key = header.kid.as_deref().and_then(|kid| self.decoding.get(kid)).ok_or(TokenError::UnknownKey)?;
        let data = jsonwebtoken::decode::<AccessClaims>(token, key, &self.validation)?;
        let now = self.clock.now().timestamp();
        let leeway = i64::try_from(LEEWAY_SECS).unwrap_or(0);
        if data.claims.exp.saturating_add(leeway) <= now {
            return Err(TokenError::Expired);
        }
        if data.claims.nbf.saturating_sub(leeway) > now {
            return Err(TokenError::NotYetValid);
        }
        let subject = Subject::parse(&data.claims.sub).ok_or(TokenError::BadSubject)?;
        Ok((data.claims, subject))
    }
}

/// A new refresh token: 256 random bits, URL-safe. Only its hash is stored.
pub fn new_refresh_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("rt_{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// The stored form of a refresh token (or any other high-entropy secret): hex SHA-256.
pub fn hash_secret(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use serde_json::json;

    fn service(seed: u8) -> TokenService {
        TokenService::new(&[seed; 32], &[], "liaison", "liaison-api", Duration::from_secs(900)).unwrap()
    }

    /// Signs arbitrary claims with the service's own key (to forge tokens a correct server must refuse).
    fn sign(service: &TokenService, header: Header, claims: &serde_json::Value) -> String {
        jsonwebtoken::encode(&header, claims, &service.encoding).unwrap()
    }

    fn good_claims() -> serde_json::Value {
        let now = Utc::now().timestamp();
        json!({"iss": "liaison", "aud": "liaison-api", "sub": format!("account:{}", Uuid::now_v7()),
               "role": "staff", "sid": Uuid::now_v7(), "iat": now, "nbf": now, "exp": now + 600, "jti": Uuid::new_v4()})
    }

    fn eddsa_header(service: &TokenService) -> Header {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(service.kid().to_owned());
        header
    }

    #[test]
    fn an_issued_token_verifies_and_names_its_subject() {
        let s = service(1);
        let id = Uuid::now_v7();
        let sid = Uuid::now_v7();
        let token = s.issue(Subject::Kiosk(id), Role::Kiosk, sid).unwrap();
        let (claims, subject) = s.verify(&token).unwrap();
        assert_eq!(subject, Subject::Kiosk(id));
        assert_eq!(claims.sid, sid);
        assert_eq!(claims.exp - claims.iat, 900);
        assert!(s.verify(&sign(&s, eddsa_header(&s), &good_claims())).is_ok());
    }

    #[test]
    fn tampered_tokens_are_refused() {
        let s = service(1);
        let token = s.issue(Subject::Account(Uuid::now_v7()), Role::Staff, Uuid::now_v7()).unwrap();
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        // Payload swapped for one claiming admin, signature kept.
        let mut claims = good_claims();
        claims["role"] = json!("admin");
        parts[1] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap());
        assert!(s.verify(&parts.join(".")).is_err());
        // alg none, no signature.
        let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        assert!(s.verify(&format!("{none_header}.{}.", parts[1])).is_err());
        // HS256 keyed with the public key (the classic confusion attack).
        let hs = jsonwebtoken::encode(
            &Header { kid: Some(s.kid().to_owned()), ..Header::new(Algorithm::HS256) },
            &good_claims(),
            &EncodingKey::from_secret(b"anything").unwrap(),
        );
        if let Ok(hs) = hs {
            assert!(s.verify(&hs).is_err());
        }
    }

    #[test]
    fn another_key_an_unknown_kid_and_bad_claims_are_refused() {
        let s = service(1);
        let other = service(2);
        // Signed by another key but claiming our kid.
        assert!(s.verify(&sign(&other, eddsa_header(&s), &good_claims())).is_err());
        // Another key under its own kid.
        assert!(matches!(s.verify(&sign(&other, eddsa_header(&other), &good_claims())), Err(TokenError::UnknownKey)));
        let now = Utc::now().timestamp();
        let cases: Vec<(&str, serde_json::Value)> = vec![
            ("expired", json!({"exp": now - 120})),
            ("not yet valid", json!({"nbf": now + 600})),
            ("wrong audience", json!({"aud": "someone-else"})),
            ("wrong issuer", json!({"iss": "someone-else"})),
            ("exp as a string", json!({"exp": (now + 600).to_string()})),
            ("exp as an object", json!({"exp": {"$gt": 0}})),
            ("bad subject", json!({"sub": "root"})),
        ];
        for (what, patch) in cases {
            let mut claims = good_claims();
            for (k, v) in patch.as_object().unwrap() {
                claims[k] = v.clone();
            }
            assert!(s.verify(&sign(&s, eddsa_header(&s), &claims)).is_err(), "{what}");
        }
        for missing in ["exp", "nbf", "aud", "iss", "sub"] {
            let mut claims = good_claims();
            claims.as_object_mut().unwrap().remove(missing);
            assert!(s.verify(&sign(&s, eddsa_header(&s), &claims)).is_err(), "without {missing}");
        }
        let mut no_kid = eddsa_header(&s);
        no_kid.kid = None;
        assert!(s.verify(&sign(&s, no_kid, &good_claims())).is_err());
    }

    #[test]
    fn tokens_of_a_previous_key_verify_during_rotation() {
        let old = service(1);
        let old_public = SigningKey::from_bytes(&[1; 32]).verifying_key().to_bytes();
        let rotated =
            TokenService::new(&[2; 32], &[old_public], "liaison", "liaison-api", Duration::from_secs(900)).unwrap();
        let token = old.issue(Subject::Account(Uuid::now_v7()), Role::Deputy, Uuid::now_v7()).unwrap();
        assert!(rotated.verify(&token).is_ok());
        assert_ne!(rotated.kid(), old.kid());
        let fresh = rotated.issue(Subject::Account(Uuid::now_v7()), Role::Deputy, Uuid::now_v7()).unwrap();
        assert!(old.verify(&fresh).is_err());
    }

    #[test]
    fn refresh_tokens_are_random_and_hashed() {
        let a = new_refresh_token();
        assert_ne!(a, new_refresh_token());
        assert!(a.len() > 40);
        assert_eq!(hash_secret(&a).len(), 64);
        assert_ne!(hash_secret(&a), a);
    }
}
