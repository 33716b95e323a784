//! The photo pipeline, pure and CPU-bound: decide the type from the bytes, refuse bombs before allocating,
//! decode, turn upright by the EXIF orientation, and re-encode a display image (long edge ≤ 2048) and a
//! thumbnail (long edge 320). Re-encoding from pixels is what strips every piece of metadata: EXIF with its
//! GPS position, XMP, ICC, comments. Nothing of the original file survives but its pixels.
//!
//! Run it off the async executor (see [`super::pool`]).

use std::io::Cursor;

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader};
use sha2::{Digest, Sha256};

use super::PhotoFormat;

/// Long edge of the display image.
pub const DISPLAY_EDGE: u32 = 2048;
/// Long edge of the thumbnail.
pub const THUMB_EDGE: u32 = 320;
/// JPEG quality of both outputs.
const JPEG_QUALITY: u8 = 82;

/// What a photo may declare before it is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PixelLimits {
    /// Longest accepted width or height.
    pub max_edge: u32,
    /// Most pixels (width × height) accepted.
    pub max_pixels: u64,
    /// Most bytes the decoder may allocate.
    pub max_alloc_bytes: u64,
}

impl Default for PixelLimits {
    fn default() -> Self {
        // A 50-megapixel phone photo passes; 60000×60000 does not.
        Self { max_edge: 12_000, max_pixels: 60_000_000, max_alloc_bytes: 512 * 1024 * 1024 }
    }
}

/// Why a photo was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    /// Not JPEG, PNG or WebP. `heic` says whether it was an iPhone HEIC/HEIF photo.
    #[error("not a JPEG, PNG or WebP image")]
    Unsupported { heic: bool },
    /// Declares more pixels than allowed.
    #[error("the image declares {width}×{height} pixels")]
    TooLarge { width: u32, height: u32 },
    /// Would need more memory to decode than allowed.
    #[error("the image needs more memory to decode than allowed")]
    OverDecoderLimit,
    /// Truncated or corrupt.
    #[error("the image cannot be decoded: {0}")]
    Corrupt(String),
}

/// One re-encoded image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendition {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// What is kept of a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessedPhoto {
    /// Format of both renditions: PNG when the photo has transparency, JPEG otherwise.
    pub format: PhotoFormat,
    pub display: Rendition,
    pub thumb: Rendition,
    /// Hex SHA-256 of the uploaded bytes: the same file twice has the same hash.
    pub sha256: String,
    /// The format the upload was in.
    pub source_format: PhotoFormat,
}

/// True for an ISO-BMFF file branded HEIC/HEIF (what iPhones send by default).
pub fn is_heic(bytes: &[u8]) -> bool {
    bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(&bytes[8..12], b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1")
}

/// True when a JPEG has its end-of-image marker after the start of its scan. The decoder fills a truncated
/// JPEG with grey instead of failing; an upload cut off in transit must be refused, not stored half grey.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    // Walk the header segments to the first start-of-scan; inside scan data a 0xFF byte is always followed
    // by 0x00 or a restart marker, so the next FF D9 is the real end of the image.
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xff {
            return false;
        }
        let marker = bytes[at + 1];
        if marker == 0xff {
            at += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        if marker == 0xda {
            return bytes[at + 2 + len.min(bytes.len() - at - 2)..].windows(2).any(|w| w == [0xff, 0xd9]);
        }
        at += 2 + len;
    }
    false
}

/// Runs the whole pipeline on one uploaded file.
pub fn process(bytes: &[u8], limits: &PixelLimits) -> Result<ProcessedPhoto, PhotoError> {
    let source_format = PhotoFormat::sniff(bytes).ok_or(PhotoError::Unsupported { heic: is_heic(bytes) })?;
    let image_format = match source_format {
        PhotoFormat::Jpeg => ImageFormat::Jpeg,
        PhotoFormat::Png => ImageFormat::Png,
        PhotoFormat::Webp => ImageFormat::WebP,
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format);
    // The decoder's own allocation cap is the backstop; the declared size is checked just below, from the
    // header alone, so the answer can say what the file claimed.
    let mut decoder_limits = image::Limits::default();
    decoder_limits.max_alloc = Some(limits.max_alloc_bytes);
    reader.limits(decoder_limits);
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(PhotoError::Corrupt("the image has no pixels".into()));
    }
    if width > limits.max_edge || height > limits.max_edge || u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(PhotoError::TooLarge { width, height });
    }
    // A missing or unreadable orientation tag means "as stored".
    if source_format == PhotoFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(PhotoError::Corrupt("the JPEG ends before its image does (truncated)".into()));
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    image.apply_orientation(orientation);

    let transparent = image.color().has_alpha() && has_transparency(&image);
    let image = if transparent { DynamicImage::ImageRgba8(image.into_rgba8()) } else { into_rgb8(image) };
    let display = fit(&image, DISPLAY_EDGE)?;
    let thumb = fit(&display, THUMB_EDGE)?;
    let format = if transparent { PhotoFormat::Png } else { PhotoFormat::Jpeg };
    Ok(ProcessedPhoto {
        format,
        display: encode(&display, format)?,
        thumb: encode(&thumb, format)?,
        sha256: hex::encode(Sha256::digest(bytes)),
        source_format,
    })
}

fn refusal(err: image::ImageError) -> PhotoError {
    match err {
        image::ImageError::Limits(_) => PhotoError::OverDecoderLimit,
        other => PhotoError::Corrupt(other.to_string()),
    }
}

fn into_rgb8(image: DynamicImage) -> DynamicImage {
    match image {
        DynamicImage::ImageRgb8(_) => image,
        other => DynamicImage::ImageRgb8(other.into_rgb8()),
    }
}

fn has_transparency(image: &DynamicImage) -> bool {
    match image {
        DynamicImage::ImageRgba8(buffer) => buffer.pixels().any(|p| p.0[3] < 255),
        DynamicImage::ImageLumaA8(buffer) => buffer.pixels().any(|p| p.0[1] < 255),
        other => other.to_rgba8().pixels().any(|p| p.0[3] < 255),
    }
}

/// Scales down (never up) so the long edge is at most `edge`.
fn fit(image: &DynamicImage, edge: u32) -> Result<DynamicImage, PhotoError> {
    let (width, height) = (image.width(), image.height());
    let long = width.max(height);
    if long <= edge {
        return Ok(image.clone());
    }
    let scale = f64::from(edge) / f64::from(long);
    let new_width = ((f64::from(width) * scale).round() as u32).clamp(1, edge);
    let new_height = ((f64::from(height) * scale).round() as u32).clamp(1, edge);
    let mut resized = DynamicImage::new(new_width, new_height, image.color());
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(image, &mut resized, &options)
        .map_err(|e| PhotoError::Corrupt(format!("cannot resize: {e}")))?;
    Ok(resized)
}

fn encode(image: &DynamicImage, format: PhotoFormat) -> Result<Rendition, PhotoError> {
    let mut bytes = Vec::new();
    let (width, height) = (image.width(), image.height());
    let result = match format {
        PhotoFormat::Png => {
            PngEncoder::new(&mut bytes).write_image(image.as_bytes(), width, height, image.color().into())
        }
        _ => JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY).write_image(
            image.as_bytes(),
            width,
            height,
            image.color().into(),
        ),
    };
    result.map_err(|e| PhotoError::Corrupt(format!("cannot encode: {e}")))?;
    Ok(Rendition { bytes, width, height })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        image::RgbImage::from_pixel(width, height, image::Rgb([90, 120, 200]))
            .write_to(&mut out, ImageFormat::Jpeg)
            .unwrap();
        out.into_inner()
    }

    #[test]
    fn heic_is_recognised_by_its_brand() {
        assert!(is_heic(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00"));
        assert!(is_heic(b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00"));
        assert!(!is_heic(b"\x00\x00\x00\x18ftypisom\x00\x00\x00\x00"), "an MP4 video");
        assert!(!is_heic(b"ftyp"));
    }

    #[test]
    fn a_jpeg_is_complete_only_with_its_end_marker_after_the_scan() {
        let whole = jpeg(32, 32);
        assert!(jpeg_is_complete(&whole));
        assert!(!jpeg_is_complete(&whole[..whole.len() - 2]));
        assert!(!jpeg_is_complete(&whole[..40]));
        let mut trailing = whole.clone();
        trailing.extend_from_slice(b"appended data");
        assert!(jpeg_is_complete(&trailing));
    }

    #[test]
    fn fitting_keeps_the_aspect_and_never_enlarges() {
        let image = DynamicImage::ImageRgb8(image::RgbImage::new(4000, 1000));
        let fitted = fit(&image, 2048).unwrap();
        assert_eq!((fitted.width(), fitted.height()), (2048, 512));
        let tall = DynamicImage::ImageRgb8(image::RgbImage::new(10, 5000));
        let fitted = fit(&tall, 320).unwrap();
        assert_eq!((fitted.width(), fitted.height()), (1, 320));
        let small = DynamicImage::ImageRgb8(image::RgbImage::new(100, 50));
        let same = fit(&small, 320).unwrap();
        assert_eq!((same.width(), same.height()), (100, 50));
    }

    #[test]
    fn tighter_limits_refuse_what_defaults_accept() {
        let photo = jpeg(300, 200);
        assert!(process(&photo, &PixelLimits::default()).is_ok());
        let tight = PixelLimits { max_edge: 250, ..PixelLimits::default() };
        assert!(matches!(process(&photo, &tight), Err(PhotoError::TooLarge { .. })));
        let few = PixelLimits { max_pixels: 50_000, ..PixelLimits::default() };
        assert_eq!(process(&photo, &few), Err(PhotoError::TooLarge { width: 300, height: 200 }));
    }
}
