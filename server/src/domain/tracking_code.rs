//! Tracking codes: what a citizen keeps to follow a report, printed on receipts and typed on touchscreens.
//!
//! A code looks like `LS-7KQ-9M3-XDP`: a fixed prefix and nine symbols in three groups of three. The alphabet
//! leaves out symbols that elderly readers confuse (0/O, 1/I/L) and `U`, so every printed symbol is
//! unambiguous. Nine symbols from 30 give 30⁹ ≈ 2⁴⁴ codes, enough that codes cannot be enumerated.
//! Input is forgiving: case, spaces, dashes and the prefix are optional.

use std::fmt;

use rand::Rng;

/// The symbols a code is made of: digits 2–9 and letters without I, L, O and U.
pub const ALPHABET: &[u8; 30] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Printed before every code so that it is recognisable on a receipt.
pub const PREFIX: &str = "LS";
/// Random symbols in a code.
pub const SYMBOLS: usize = 9;
const GROUP: usize = 3;

/// A valid tracking code, stored and compared in its canonical printed form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct TrackingCode(String);

/// Why a typed code cannot be a tracking code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrackingCodeError {
    #[error("a tracking code has {SYMBOLS} characters after the prefix, this one has {0}")]
    WrongLength(usize),
    #[error("`{0}` is not used in tracking codes")]
    BadSymbol(char),
}

impl TrackingCode {
    /// Draws a new code from a cryptographically secure generator.
    pub fn generate<R: Rng + ?Sized>(rng: &mut R) -> Self {
        let symbols: Vec<u8> = (0..SYMBOLS).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())]).collect();
        Self::from_symbols(&symbols)
    }

    /// Reads a code as a person typed it: any case, with or without the prefix, spaces or dashes.
    pub fn parse(input: &str) -> Result<Self, TrackingCodeError> {
        let mut cleaned: Vec<char> = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        // `L` is not in the alphabet, so a leading `LS` is always the prefix, never part of the code.
        let prefix: Vec<char> = PREFIX.chars().collect();
        if cleaned.starts_with(&prefix) {
            cleaned.drain(..prefix.len());
        }
        if cleaned.len() != SYMBOLS {
            return Err(TrackingCodeError::WrongLength(cleaned.len()));
        }
        let mut symbols = Vec::with_capacity(SYMBOLS);
        for c in cleaned {
            match u8::try_from(c) {
                Ok(b) if ALPHABET.contains(&b) => symbols.push(b),
                _ => return Err(TrackingCodeError::BadSymbol(c)),
            }
        }
        Ok(Self::from_symbols(&symbols))
    }

    fn from_symbols(symbols: &[u8]) -> Self {
        let mut out = String::with_capacity(PREFIX.len() + SYMBOLS + SYMBOLS / GROUP);
        out.push_str(PREFIX);
        for group in symbols.chunks(GROUP) {
            out.push('-');
            out.extend(group.iter().map(|b| char::from(*b)));
        }
        Self(out)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TrackingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;
    use std::collections::HashSet;

    #[test]
    fn generated_codes_have_the_printed_shape() {
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..1000 {
            let code = TrackingCode::generate(&mut rng);
            let s = code.as_str();
            assert_eq!(s.len(), 14, "{s}");
            let parts: Vec<&str> = s.split('-').collect();
            assert_eq!(parts.len(), 4);
            assert_eq!(parts[0], "LS");
            assert!(parts[1..].iter().all(|p| p.len() == 3));
            assert!(parts[1..].iter().flat_map(|p| p.bytes()).all(|b| ALPHABET.contains(&b)));
        }
    }

    #[test]
    fn the_alphabet_has_no_ambiguous_symbols() {
        for c in b"01OILU" {
            assert!(!ALPHABET.contains(c), "{}", char::from(*c));
        }
        let unique: HashSet<_> = ALPHABET.iter().collect();
        assert_eq!(unique.len(), ALPHABET.len());
    }

    #[test]
    fn there_are_at_least_forty_bits_of_randomness() {
        let bits = (ALPHABET.len() as f64).log2() * SYMBOLS as f64;
        assert!(bits >= 40.0, "{bits}");
    }

    #[test]
    fn codes_do_not_repeat_in_practice() {
        let mut rng = rand::rng();
        let codes: HashSet<_> = (0..10_000).map(|_| TrackingCode::generate(&mut rng)).collect();
        assert_eq!(codes.len(), 10_000);
    }

    #[test]
    fn input_is_forgiving_about_case_spaces_dashes_and_prefix() {
        let canonical = TrackingCode::parse("LS-7KQ-9M3-XDP").unwrap();
        for typed in ["ls-7kq-9m3-xdp", "7KQ9M3XDP", " 7kq 9m3 xdp ", "LS7KQ9M3XDP", "ls 7kq-9m3_xdp"] {
            assert_eq!(TrackingCode::parse(typed).unwrap(), canonical, "{typed}");
        }
        assert_eq!(canonical.as_str(), "LS-7KQ-9M3-XDP");
    }

    #[test]
    fn a_round_trip_through_print_and_parse_is_exact() {
        let mut rng = StdRng::seed_from_u64(11);
        for _ in 0..100 {
            let code = TrackingCode::generate(&mut rng);
            assert_eq!(TrackingCode::parse(&code.to_string()).unwrap(), code);
        }
    }

    #[test]
    fn bad_input_is_refused_with_a_reason() {
        assert_eq!(TrackingCode::parse("LS-7KQ-9M3"), Err(TrackingCodeError::WrongLength(6)));
        assert_eq!(TrackingCode::parse(""), Err(TrackingCodeError::WrongLength(0)));
        assert_eq!(TrackingCode::parse("LS-7KQ-9M3-XD0"), Err(TrackingCodeError::BadSymbol('0')));
        assert_eq!(TrackingCode::parse("LS-1KQ-9M3-XDP"), Err(TrackingCodeError::BadSymbol('1')));
        assert_eq!(TrackingCode::parse("LS-7KQ-9M3-XD好"), Err(TrackingCodeError::BadSymbol('好')));
        assert!(TrackingCode::parse("LS-7KQ-9M3-XDPQ").is_err());
    }
}
