//! PDF documents attached to a report: a handling unit's reply letter, a signed scan. Checked by content,
//! never by file name or `Content-Type`: a real PDF (header and end marker), not encrypted (it could not be
//! checked), and with no active content — scripts, launch actions, embedded files, forms that submit — in
//! its objects or in its compressed streams. Stored as sent, content-addressed, beside the photos.

use std::io::Read;

use sha2::{Digest, Sha256};

/// Names that make a PDF do something when opened, or carry other files.
const ACTIVE: &[&str] =
    &["JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA", "SubmitForm", "ImportData"];

/// Most bytes inflated from one document's streams: more is treated as a decompression bomb.
const MAX_INFLATED: u64 = 64 * 1024 * 1024;

/// Why a file is not taken as a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("it is not a PDF")]
    NotPdf,
    #[error("the PDF is cut short (no end-of-file marker)")]
    Truncated,
    #[error("the PDF is encrypted, so it cannot be checked")]
    Encrypted,
    #[error("the PDF carries active content (`/{0}`)")]
    ActiveContent(String),
    #[error("the PDF's compressed streams inflate to too much")]
    TooComplex,
}

/// A PDF that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedDocument {
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
}

/// Where a document is kept in the store.
pub fn document_key(sha256: &str) -> String {
    format!("documents/{}/{sha256}.pdf", &sha256[..2.min(sha256.len())])
}

/// Checks `bytes` as a PDF document.
pub fn check_pdf(bytes: &[u8]) -> Result<CheckedDocument, DocumentError> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(DocumentError::NotPdf);
    }
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    if find(tail, b"%%EOF").is_none() {
        return Err(DocumentError::Truncated);
    }
    check_names(bytes)?;
    let mut budget = MAX_INFLATED;
    for stream in streams(bytes) {
        let mut inflated = Vec::new();
        let mut decoder = flate2::read::ZlibDecoder::new(stream).take(budget + 1);
        // Streams that are not Flate (images, fonts) do not inflate: what did inflate is checked.
        let _ = decoder.read_to_end(&mut inflated);
        budget = budget.checked_sub(inflated.len() as u64).ok_or(DocumentError::TooComplex)?;
        check_names(&inflated)?;
    }
    Ok(CheckedDocument { sha256: hex::encode(Sha256::digest(bytes)) })
}

/// Refuses a PDF naming an active feature, or an encryption dictionary. Names are read as PDF writes them:
/// `/J#61vaScript` is `/JavaScript`.
fn check_names(bytes: &[u8]) -> Result<(), DocumentError> {
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'/') {
        let start = i + offset + 1;
        let mut end = start;
        while end < bytes.len() && !is_delimiter(bytes[end]) {
            end += 1;
        }
        let name = decode_name(&bytes[start..end]);
        if name == "Encrypt" {
            return Err(DocumentError::Encrypted);
        }
        if ACTIVE.contains(&name.as_str()) {
            return Err(DocumentError::ActiveContent(name));
        }
        i = end.max(start);
    }
    Ok(())
}

fn is_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace()
        || b == 0
        || matches!(b, b'/' | b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'%')
}

fn decode_name(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#'
            && i + 2 < raw.len()
            && let Ok(byte) = u8::from_str_radix(&String::from_utf8_lossy(&raw[i + 1..i + 3]), 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(raw[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The bodies of the document's streams (`stream` … `endstream`).
fn streams(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + find(&bytes[at..], b"stream")? + b"stream".len();
        // Not the end of an `endstream` keyword.
        let body_start = match bytes.get(start..start + 2) {
            Some(b"\r\n") => start + 2,
            Some([b'\n', _]) => start + 1,
            _ => {
                at = start;
                return Some(&bytes[0..0]);
            }
        };
        let length = find(&bytes[body_start..], b"endstream")?;
        at = body_start + length + b"endstream".len();
        Some(&bytes[body_start..body_start + length])
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// A small, valid one-page PDF with `extra` in its catalogue and `stream` as its page content.
    fn pdf(extra: &str, stream: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R {extra} >> endobj\n\
             2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
             3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n\
             4 0 obj << /Length {} /Filter /FlateDecode >>\nstream\n",
            stream.len()
        )
        .into_bytes();
        out.extend_from_slice(stream);
        out.extend_from_slice(b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        out
    }

    fn deflate(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn a_plain_pdf_passes_and_is_addressed_by_its_content() {
        let plain = pdf("", &deflate(b"BT /F1 12 Tf (hello) Tj ET"));
        let checked = check_pdf(&plain).unwrap();
        assert_eq!(checked.sha256.len(), 64);
        assert_eq!(document_key(&checked.sha256), format!("documents/{}/{}.pdf", &checked.sha256[..2], checked.sha256));
    }

    #[test]
    fn what_is_not_a_whole_pdf_is_refused() {
        assert_eq!(check_pdf(b"GIF89a"), Err(DocumentError::NotPdf));
        assert_eq!(check_pdf(b"<html>%PDF-1.7"), Err(DocumentError::NotPdf));
        let whole = pdf("", b"");
        assert_eq!(check_pdf(&whole[..whole.len() - 8]), Err(DocumentError::Truncated));
    }

    #[test]
    fn active_content_is_found_in_objects_in_escaped_names_and_in_compressed_streams() {
        let script = pdf("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>", b"");
        assert_eq!(check_pdf(&script), Err(DocumentError::ActiveContent("JavaScript".into())));
        let escaped = pdf("/OpenAction << /S /J#61vaScript >>", b"");
        assert_eq!(check_pdf(&escaped), Err(DocumentError::ActiveContent("JavaScript".into())));
        let launch = pdf("/AA << /O << /S /Launch /F (calc.exe) >> >>", b"");
        assert_eq!(check_pdf(&launch), Err(DocumentError::ActiveContent("Launch".into())));
        let hidden = pdf("", &deflate(b"<< /Type /ObjStm >> << /S /JavaScript >>"));
        assert_eq!(check_pdf(&hidden), Err(DocumentError::ActiveContent("JavaScript".into())));
        let encrypted = pdf("/Encrypt 9 0 R", b"");
        assert_eq!(check_pdf(&encrypted), Err(DocumentError::Encrypted));
    }
}
