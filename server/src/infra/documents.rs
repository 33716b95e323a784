//! PDF documents attached to a report: a handling unit's reply letter, a signed scan. Checked by content,
//! never by file name or `Content-Type`: a real PDF (header and end marker), not encrypted (it could not be
//! checked), and with no active content — scripts, launch actions, embedded files, forms that submit — in
//! its objects or in its compressed object streams (binary stream data, such as a picture's, is not read
//! as names). Stored as sent, content-addressed, beside the photos.

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
    // Names are read in the document's objects, outside stream bodies (binary image or font data would
    // match a short name like `/JS` by chance), and inside object streams, where objects can be compressed.
    let mut budget = MAX_INFLATED;
    for part in parts(bytes) {
        match part {
            Part::Objects(text) => check_names(text)?,
            Part::Stream { dictionary, body } if find(dictionary, b"/ObjStm").is_some() => {
                let mut inflated = Vec::new();
                let mut decoder = flate2::read::ZlibDecoder::new(body).take(budget + 1);
                // An object stream that does not inflate is refused: it cannot be checked.
                decoder.read_to_end(&mut inflated).map_err(|_| DocumentError::TooComplex)?;
                budget = budget.checked_sub(inflated.len() as u64).ok_or(DocumentError::TooComplex)?;
                check_names(&inflated)?;
            }
            Part::Stream { .. } => {}
        }
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

/// A stretch of the document: objects as text, or one stream with the dictionary before it.
enum Part<'a> {
    Objects(&'a [u8]),
    Stream { dictionary: &'a [u8], body: &'a [u8] },
}

/// The document cut into its objects and its streams' bodies (`stream` … `endstream`).
fn parts(bytes: &[u8]) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    let mut at = 0;
    while let Some(offset) = find(&bytes[at..], b"stream") {
        let keyword = at + offset;
        let after = keyword + b"stream".len();
        let body_start = match bytes.get(after..after + 2) {
            Some(b"\r\n") => after + 2,
            Some([b'\n', _]) => after + 1,
            // `endstream`, or the word inside something else: still objects.
            _ => {
                parts.push(Part::Objects(&bytes[at..after]));
                at = after;
                continue;
            }
        };
        let Some(length) = find(&bytes[body_start..], b"endstream") else {
            // A stream that never ends: what follows is checked as objects.
            break;
        };
        parts.push(Part::Objects(&bytes[at..keyword]));
        let dictionary_start = bytes[..keyword].windows(3).rposition(|w| w == b"obj").unwrap_or(0);
        parts.push(Part::Stream {
            dictionary: &bytes[dictionary_start..keyword],
            body: &bytes[body_start..body_start + length],
        });
        at = body_start + length + b"endstream".len();
    }
    parts.push(Part::Objects(&bytes[at..]));
    parts
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

    /// A PDF with an object stream (`/Type /ObjStm`) holding `body`.
    fn object_stream(body: &[u8]) -> Vec<u8> {
        let mut out = pdf("", b"");
        let at = out.len() - b"trailer << /Root 1 0 R >>\n%%EOF\n".len();
        let mut object =
            format!("5 0 obj << /Type /ObjStm /N 1 /First 5 /Length {} /Filter /FlateDecode >>\nstream\n", body.len())
                .into_bytes();
        object.extend_from_slice(body);
        object.extend_from_slice(b"\nendstream\nendobj\n");
        out.splice(at..at, object);
        out
    }

    #[test]
    fn binary_data_in_pictures_and_pages_is_not_read_as_names() {
        // An image's bytes may hold `/JS ` by chance; only objects and object streams are read.
        let picture = pdf("", b"\xff\xd8/JS \x00/Launch\x01/Encrypt ");
        assert!(check_pdf(&picture).is_ok());
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
        let hidden = object_stream(&deflate(b"12 0 << /S /JavaScript /JS (app.alert(1)) >>"));
        assert_eq!(check_pdf(&hidden), Err(DocumentError::ActiveContent("JavaScript".into())));
        assert_eq!(check_pdf(&object_stream(b"not deflated")), Err(DocumentError::TooComplex));
        let encrypted = pdf("/Encrypt 9 0 R", b"");
        assert_eq!(check_pdf(&encrypted), Err(DocumentError::Encrypted));
    }
}
