//! RFC 8291 encryption and VAPID signatures, checked against the RFC and a real decryption.

use super::*;

const PLAINTEXT: &str = "When I grow up, I want to be a watermelon";
const AS_PRIVATE: &str = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
const AS_PUBLIC: &str = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
const UA_PRIVATE: &str = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
const UA_PUBLIC: &str = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const SALT: &str = "DGv6ra1nlYgDCS1FRnbzlw";
const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";
const BODY: &str = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8w\
                    EqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

fn d(s: &str) -> Vec<u8> {
    B64.decode(s).unwrap()
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

#[test]
fn rfc8291_appendix_a_vector() {
    let as_secret = SecretKey::from_slice(&d(AS_PRIVATE)).unwrap();
    assert_eq!(as_secret.public_key().to_encoded_point(false).as_bytes(), d(AS_PUBLIC).as_slice());
    let salt: [u8; 16] = d(SALT).try_into().unwrap();
    let body = encrypt_with(PLAINTEXT.as_bytes(), UA_PUBLIC, AUTH, salt, &as_secret).unwrap();
    assert_eq!(body, d(BODY));
    assert_eq!(&body[16..20], &[0, 0, 0x10, 0]);

    let ua =
        TestSubscriber { secret: SecretKey::from_slice(&d(UA_PRIVATE)).unwrap(), auth: d(AUTH).try_into().unwrap() };
    assert_eq!(ua.p256dh_b64(), UA_PUBLIC);
    assert_eq!(ua.decrypt(&d(BODY)).unwrap(), PLAINTEXT.as_bytes());
}

#[test]
fn round_trip() {
    let ua = TestSubscriber::new();
    for payload in [&b""[..], b"{\"title\":\"hi\"}", &[7u8; MAX_PAYLOAD]] {
        let body = encrypt(payload, &ua.p256dh_b64(), &ua.auth_b64()).unwrap();
        assert!(body.len() <= 4096);
        assert_eq!(ua.decrypt(&body).unwrap(), payload);
    }
    let sub = ua.subscription("https://push.example/x");
    assert_eq!(ua.decrypt(&sub.encrypt(b"via subscription").unwrap()).unwrap(), b"via subscription");
}

#[test]
fn tampered_or_foreign_fails() {
    let ua = TestSubscriber::new();
    let mut body = encrypt(b"secret", &ua.p256dh_b64(), &ua.auth_b64()).unwrap();
    assert!(matches!(TestSubscriber::new().decrypt(&body), Err(WebPushError::Crypto(_))));
    let last = body.len() - 1;
    body[last] ^= 1;
    assert!(matches!(ua.decrypt(&body), Err(WebPushError::Crypto(_))));
    body[HEADER_LEN] ^= 1;
    body[last] ^= 1;
    assert!(matches!(ua.decrypt(&body), Err(WebPushError::Crypto(_))));
    assert!(matches!(ua.decrypt(&body[..40]), Err(WebPushError::BadHeader(_))));
}

#[test]
fn too_large_and_bad_keys_refused() {
    let ua = TestSubscriber::new();
    let err = encrypt(&[0u8; MAX_PAYLOAD + 1], &ua.p256dh_b64(), &ua.auth_b64()).unwrap_err();
    assert_eq!(err, WebPushError::PayloadTooLarge { len: 3994, max: 3993 });
    assert!(err.to_string().contains("3993"));
    assert!(matches!(encrypt(b"x", "AAAA", &ua.auth_b64()), Err(WebPushError::BadKey(_))));
    assert!(matches!(encrypt(b"x", &ua.p256dh_b64(), "AAAA"), Err(WebPushError::BadKey(_))));
}

#[test]
fn browser_json() {
    let ua = TestSubscriber::new();
    let json = format!(
        r#"{{"endpoint":"https://fcm.googleapis.com/fcm/send/abc","expirationTime":null,"keys":{{"p256dh":"{}","auth":"{}"}}}}"#,
        ua.p256dh_b64(),
        ua.auth_b64()
    );
    let sub = Subscription::from_browser_json(&json).unwrap();
    assert_eq!(sub, ua.subscription("https://fcm.googleapis.com/fcm/send/abc"));
    assert!(Subscription::from_browser_json(r#"{"endpoint":"x"}"#).is_err());
}

#[test]
fn vapid_round_trip() {
    let vapid = Vapid::generate("mailto:ops@example.com").unwrap();
    assert_eq!(d(&vapid.public_key_b64()).len(), 65);
    let again = Vapid::from_private_b64(&vapid.private_key_b64(), "https://example.com").unwrap();
    assert_eq!(again.public_key_b64(), vapid.public_key_b64());

    let cases = [
        ("https://fcm.googleapis.com/fcm/send/abc", "https://fcm.googleapis.com"),
        ("http://127.0.0.1:8080/push/x", "http://127.0.0.1:8080"),
        ("https://push.example:443/a?b=c", "https://push.example"),
    ];
    for (endpoint, aud) in cases {
        assert_eq!(audience(endpoint).unwrap(), aud);
        let header = vapid.authorization(endpoint, now()).unwrap();
        assert!(header.starts_with("vapid t="));
        assert!(header.ends_with(&format!(", k={}", vapid.public_key_b64())));
        verify_vapid(&header, aud).unwrap();
    }
}

#[test]
fn vapid_refusals() {
    let vapid = Vapid::generate("mailto:ops@example.com").unwrap();
    let header = vapid.authorization("https://fcm.googleapis.com/fcm/send/abc", now()).unwrap();
    assert!(matches!(verify_vapid(&header, "https://evil.example"), Err(WebPushError::BadVapid(_))));
    assert!(verify_vapid_at(&header, "https://fcm.googleapis.com", now() + VAPID_TTL_SECS).is_err());
    let other = Vapid::generate("mailto:x@example.com").unwrap();
    let swapped = format!("{}k={}", &header[..header.find("k=").unwrap()], other.public_key_b64());
    assert!(verify_vapid(&swapped, "https://fcm.googleapis.com").is_err());
    assert!(Vapid::from_private_b64(&vapid.private_key_b64(), "ops@example.com").is_err());
    assert!(Vapid::from_private_b64("AAAA", "mailto:a@b.c").is_err());
    assert!(vapid.authorization("mailto:x@y.z", now()).is_err());
}
