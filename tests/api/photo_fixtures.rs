//! Photos as phones make them, built in code: JPEGs with EXIF orientation, a GPS position and a camera make;
//! images that declare absurd sizes; and readers for the metadata a stored photo must not carry.

use std::io::Cursor;

/// A camera make that must never reach storage.
pub const MAKE: &str = "LeakyPhone X";

/// A JPEG whose top-left quadrant is red and the rest blue, so a rotation can be seen.
pub fn quadrant_jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        if x < width / 2 && y < height / 2 { image::Rgb([230, 20, 20]) } else { image::Rgb([20, 20, 230]) }
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

/// The EXIF segment of a phone photo: orientation, camera make, and GPS 39°7'3"N 117°11'43"E.
fn exif_segment(orientation: u16) -> Vec<u8> {
    // Little-endian TIFF: header, IFD0 (3 entries), GPS IFD (4 entries), then the values they point at.
    let mut t: Vec<u8> = b"II\x2a\x00\x08\x00\x00\x00".to_vec();
    let ifd0_len = 2 + 3 * 12 + 4;
    let gps_at = 8 + ifd0_len as u32;
    let gps_len = 2 + 4 * 12 + 4;
    let data_at = gps_at + gps_len as u32;
    let make_at = data_at;
    let make = format!("{MAKE}\0");
    let lat_at = make_at + make.len() as u32;
    let lng_at = lat_at + 24;
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&kind.to_le_bytes());
        t.extend_from_slice(&count.to_le_bytes());
        t.extend_from_slice(&value);
    };
    t.extend_from_slice(&3u16.to_le_bytes());
    entry(&mut t, 0x010f, 2, make.len() as u32, make_at.to_le_bytes());
    let o = orientation.to_le_bytes();
    entry(&mut t, 0x0112, 3, 1, [o[0], o[1], 0, 0]);
    entry(&mut t, 0x8825, 4, 1, gps_at.to_le_bytes());
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(&4u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0");
    entry(&mut t, 0x0002, 5, 3, lat_at.to_le_bytes());
    entry(&mut t, 0x0003, 2, 2, *b"E\0\0\0");
    entry(&mut t, 0x0004, 5, 3, lng_at.to_le_bytes());
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(make.as_bytes());
    for value in [39u32, 7, 3, 117, 11, 43] {
        t.extend_from_slice(&value.to_le_bytes());
        t.extend_from_slice(&1u32.to_le_bytes());
    }
    let mut segment = vec![0xff, 0xe1];
    segment.extend_from_slice(&((t.len() + 8) as u16).to_be_bytes());
    segment.extend_from_slice(b"Exif\0\0");
    segment.extend_from_slice(&t);
    segment
}

/// `jpeg` with a phone's EXIF segment right after its start marker.
pub fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&exif_segment(orientation));
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A phone photo: 64×32 as stored, to be shown turned 90° clockwise (EXIF orientation 6), with GPS.
pub fn phone_photo() -> Vec<u8> {
    with_exif(&quadrant_jpeg(64, 32), 6)
}

/// The markers of a JPEG's header segments (APPn, COM, …), up to the start of scan.
pub fn jpeg_markers(jpeg: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xff, 0xd8], "not a JPEG");
    let mut markers = Vec::new();
    let mut at = 2;
    while at + 4 <= jpeg.len() && jpeg[at] == 0xff {
        let marker = jpeg[at + 1];
        markers.push(marker);
        if marker == 0xda {
            break;
        }
        let len = u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]) as usize;
        at += 2 + len;
    }
    markers
}

/// The chunk types of a PNG.
pub fn png_chunks(png: &[u8]) -> Vec<String> {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let mut chunks = Vec::new();
    let mut at = 8;
    while at + 8 <= png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        chunks.push(String::from_utf8_lossy(&png[at + 4..at + 8]).into_owned());
        at += 12 + len;
    }
    chunks
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A tiny PNG that declares `width`×`height` RGBA pixels: a decompression bomb's header.
pub fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        png.extend_from_slice(&body);
        png.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    // A zlib stream of zeros: what a real bomb would carry for gigabytes.
    chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]);
    chunk(b"IEND", &[]);
    png
}

/// A small JPEG whose frame header claims `width`×`height`.
pub fn jpeg_declaring(width: u16, height: u16) -> Vec<u8> {
    let mut jpeg = quadrant_jpeg(16, 16);
    let sof = jpeg.windows(2).position(|w| w == [0xff, 0xc0]).expect("a baseline frame header");
    jpeg[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    jpeg
}

/// Is this pixel mostly red (not blue)?
pub fn reddish(p: &image::Rgb<u8>) -> bool {
    p.0[0] > 150 && p.0[2] < 100
}
