//! Area boundaries as GeoJSON geometries (RFC 7946: `Polygon` or `MultiPolygon`, WGS-84, longitude first),
//! checked and turned into `geo` shapes for routing.

use geo::{LineString, MultiPolygon, Polygon};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
enum Geometry {
    Polygon { coordinates: Vec<Vec<Vec<f64>>> },
    MultiPolygon { coordinates: Vec<Vec<Vec<Vec<f64>>>> },
}

fn ring(positions: &[Vec<f64>], at: &str) -> Result<LineString<f64>, String> {
    if positions.len() < 4 {
        return Err(format!("{at}: a ring needs at least 4 positions"));
    }
    let mut points = Vec::with_capacity(positions.len());
    for (i, position) in positions.iter().enumerate() {
        let [lng, lat, ..] = position.as_slice() else {
            return Err(format!("{at}, position {i}: expected [longitude, latitude]"));
        };
        if !(-180.0..=180.0).contains(lng) || !(-90.0..=90.0).contains(lat) {
            return Err(format!("{at}, position {i}: [{lng}, {lat}] is not a longitude and latitude"));
        }
        points.push((*lng, *lat));
    }
    if points.first() != points.last() {
        return Err(format!("{at}: the ring is not closed (its last position must repeat the first)"));
    }
    Ok(LineString::from(points))
}

fn polygon(rings: &[Vec<Vec<f64>>], at: &str) -> Result<Polygon<f64>, String> {
    let Some((outer, holes)) = rings.split_first() else {
        return Err(format!("{at}: a polygon needs an outer ring"));
    };
    let holes = holes.iter().enumerate().map(|(i, h)| ring(h, &format!("{at}, hole {i}"))).collect::<Result<_, _>>()?;
    Ok(Polygon::new(ring(outer, &format!("{at}, outer ring"))?, holes))
}

/// Parses a GeoJSON `Polygon` or `MultiPolygon` geometry; the error says what is wrong and where.
pub fn parse_boundary(value: &serde_json::Value) -> Result<MultiPolygon<f64>, String> {
    let geometry: Geometry =
        serde_json::from_value(value.clone()).map_err(|e| format!("not a GeoJSON Polygon or MultiPolygon: {e}"))?;
    match geometry {
        Geometry::Polygon { coordinates } => Ok(MultiPolygon::new(vec![polygon(&coordinates, "polygon")?])),
        Geometry::MultiPolygon { coordinates } => coordinates
            .iter()
            .enumerate()
            .map(|(i, p)| polygon(p, &format!("polygon {i}")))
            .collect::<Result<Vec<_>, _>>()
            .map(MultiPolygon::new),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn polygons_and_multipolygons_are_read() {
        let square = json!([[[117.0, 39.0], [117.1, 39.0], [117.1, 39.1], [117.0, 39.1], [117.0, 39.0]]]);
        assert_eq!(parse_boundary(&json!({"type": "Polygon", "coordinates": square})).unwrap().0.len(), 1);
        let two = json!({"type": "MultiPolygon", "coordinates": [square, square]});
        assert_eq!(parse_boundary(&two).unwrap().0.len(), 2);
    }

    #[test]
    fn broken_geometries_say_what_is_wrong() {
        let cases = [
            (json!({"type": "Point", "coordinates": [1, 2]}), "not a GeoJSON Polygon"),
            (json!({"type": "Polygon", "coordinates": []}), "needs an outer ring"),
            (json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}), "at least 4 positions"),
            (json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}), "not closed"),
            (json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 100], [0, 0]]]}), "not a longitude"),
            (json!({"type": "Polygon", "coordinates": [[[0], [1, 0], [1, 1], [0]]]}), "expected [longitude"),
        ];
        for (value, expected) in cases {
            let err = parse_boundary(&value).unwrap_err();
            assert!(err.contains(expected), "{value}: {err}");
        }
    }
}
