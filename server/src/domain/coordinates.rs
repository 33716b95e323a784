//! The two coordinate systems a point reaches us in. Browsers and GPS give WGS-84; WeChat's `getLocation`
//! (type `gcj02`) and most Chinese map services give GCJ-02, which shifts points inside China by a few hundred
//! metres. Liaison stores WGS-84 only (grid boundaries are WGS-84 GeoJSON) and converts GCJ-02 at the edge:
//! the forward formula is the published one, the way back is found by iterating it to a centimetre.

use super::report::{Crs, GeoPoint};

const SEMI_MAJOR: f64 = 6_378_245.0;
const ECCENTRICITY_SQ: f64 = 0.006_693_421_622_965_943;

/// GCJ-02 leaves points outside mainland China where they are.
fn outside_china(p: GeoPoint) -> bool {
    !(72.004..=137.8347).contains(&p.lng) || !(0.8293..=55.8271).contains(&p.lat)
}

fn shift_lat(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    r
}

fn shift_lng(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    r
}

/// A WGS-84 point as GCJ-02 gives it.
pub fn wgs84_to_gcj02(p: GeoPoint) -> GeoPoint {
    use std::f64::consts::PI;
    if outside_china(p) {
        return p;
    }
    let (x, y) = (p.lng - 105.0, p.lat - 35.0);
    let rad = p.lat / 180.0 * PI;
    let magic = 1.0 - ECCENTRICITY_SQ * rad.sin() * rad.sin();
    let sqrt_magic = magic.sqrt();
    let d_lat = shift_lat(x, y) * 180.0 / ((SEMI_MAJOR * (1.0 - ECCENTRICITY_SQ)) / (magic * sqrt_magic) * PI);
    let d_lng = shift_lng(x, y) * 180.0 / (SEMI_MAJOR / sqrt_magic * rad.cos() * PI);
    GeoPoint { lat: p.lat + d_lat, lng: p.lng + d_lng }
}

/// The WGS-84 point that GCJ-02 shows at `p`, to within a centimetre.
pub fn gcj02_to_wgs84(p: GeoPoint) -> GeoPoint {
    let mut guess = p;
    for _ in 0..30 {
        let seen = wgs84_to_gcj02(guess);
        let (d_lat, d_lng) = (seen.lat - p.lat, seen.lng - p.lng);
        guess = GeoPoint { lat: guess.lat - d_lat, lng: guess.lng - d_lng };
        if d_lat.abs() < 1e-9 && d_lng.abs() < 1e-9 {
            break;
        }
    }
    guess
}

/// `p`, measured in `crs`, as WGS-84.
pub fn to_wgs84(p: GeoPoint, crs: Crs) -> GeoPoint {
    match crs {
        Crs::Wgs84 => p,
        Crs::Gcj02 => gcj02_to_wgs84(p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Metres between two nearby points.
    fn metres(a: GeoPoint, b: GeoPoint) -> f64 {
        let k = 111_320.0;
        ((a.lat - b.lat) * k).hypot((a.lng - b.lng) * k * a.lat.to_radians().cos())
    }

    #[test]
    fn inside_china_gcj02_moves_a_point_a_few_hundred_metres_and_we_find_the_way_back() {
        for p in [
            GeoPoint { lat: 39.1175, lng: 117.1953 }, // Tianjin, the demo district
            GeoPoint { lat: 39.9087, lng: 116.3975 }, // Beijing
            GeoPoint { lat: 31.2304, lng: 121.4737 }, // Shanghai
            GeoPoint { lat: 22.5431, lng: 114.0579 }, // Shenzhen
        ] {
            let shifted = wgs84_to_gcj02(p);
            let moved = metres(p, shifted);
            assert!((100.0..800.0).contains(&moved), "{p:?} moved {moved} m");
            let back = gcj02_to_wgs84(shifted);
            assert!(metres(p, back) < 0.01, "{p:?} came back {} m away", metres(p, back));
        }
    }

    #[test]
    fn the_published_offset_for_beijing_is_reproduced() {
        // Tiananmen: WGS-84 (39.90872, 116.39748) shows in GCJ-02 at about (39.91012, 116.40372).
        let gcj = wgs84_to_gcj02(GeoPoint { lat: 39.90872, lng: 116.39748 });
        assert!((gcj.lat - 39.91012).abs() < 0.0002 && (gcj.lng - 116.40372).abs() < 0.0002, "{gcj:?}");
    }

    #[test]
    fn outside_china_nothing_moves_and_wgs84_is_left_alone() {
        let paris = GeoPoint { lat: 48.8566, lng: 2.3522 };
        assert_eq!(wgs84_to_gcj02(paris), paris);
        assert_eq!(gcj02_to_wgs84(paris), paris);
        let p = GeoPoint { lat: 39.1, lng: 117.2 };
        assert_eq!(to_wgs84(p, Crs::Wgs84), p);
    }
}
