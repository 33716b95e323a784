//! Which grid a point lies in: an R-tree of the grids' bounding boxes narrows 10,000 polygons to the few
//! whose box holds the point; an exact point-in-polygon test decides among those.

use geo::{Intersects, MultiPolygon, Point};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};
use uuid::Uuid;

use crate::domain::report::GeoPoint;

type Entry = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// Grid boundaries, indexed for point lookups. Coordinates are (longitude, latitude), as in GeoJSON.
#[derive(Debug, Default)]
pub struct GridIndex {
    tree: RTree<Entry>,
    grids: Vec<(Uuid, MultiPolygon<f64>)>,
}

impl GridIndex {
    /// Indexes the grids; a grid without any ring is left out.
    pub fn new(grids: Vec<(Uuid, MultiPolygon<f64>)>) -> Self {
        use geo::BoundingRect;
        let mut kept = Vec::with_capacity(grids.len());
        let mut entries = Vec::with_capacity(grids.len());
        for (id, shape) in grids {
            let Some(rect) = shape.bounding_rect() else { continue };
            let bbox = Rectangle::from_corners([rect.min().x, rect.min().y], [rect.max().x, rect.max().y]);
            entries.push(GeomWithData::new(bbox, kept.len()));
            kept.push((id, shape));
        }
        Self { tree: RTree::bulk_load(entries), grids: kept }
    }

    pub fn len(&self) -> usize {
        self.grids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.grids.is_empty()
    }

    /// The grid containing `point` (a point on a shared border belongs to the grid listed first).
    pub fn locate(&self, point: GeoPoint) -> Option<Uuid> {
        let at = Point::new(point.lng, point.lat);
        let mut hits: Vec<usize> = self
            .tree
            .locate_in_envelope_intersecting(&AABB::from_point([point.lng, point.lat]))
            .map(|entry| entry.data)
            .filter(|&index| self.grids[index].1.intersects(&at))
            .collect();
        hits.sort_unstable();
        hits.first().map(|&index| self.grids[index].0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{LineString, Polygon};

    fn square(x: f64, y: f64, size: f64) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![Polygon::new(
            LineString::from(vec![(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]),
            vec![],
        )])
    }

    #[test]
    fn points_find_their_grid_and_borders_go_to_the_first() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let index = GridIndex::new(vec![(a, square(117.0, 39.0, 0.01)), (b, square(117.01, 39.0, 0.01))]);
        assert_eq!(index.len(), 2);
        assert_eq!(index.locate(GeoPoint { lat: 39.005, lng: 117.005 }), Some(a));
        assert_eq!(index.locate(GeoPoint { lat: 39.005, lng: 117.015 }), Some(b));
        assert_eq!(index.locate(GeoPoint { lat: 39.005, lng: 117.01 }), Some(a), "shared border");
        assert_eq!(index.locate(GeoPoint { lat: 39.5, lng: 117.005 }), None);
    }

    #[test]
    fn a_point_in_a_hole_or_a_concave_notch_is_outside() {
        let id = Uuid::now_v7();
        let outer = LineString::from(vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]);
        let hole = LineString::from(vec![(4.0, 4.0), (6.0, 4.0), (6.0, 6.0), (4.0, 6.0), (4.0, 4.0)]);
        let l_shape = LineString::from(vec![
            (20.0, 0.0),
            (30.0, 0.0),
            (30.0, 3.0),
            (23.0, 3.0),
            (23.0, 10.0),
            (20.0, 10.0),
            (20.0, 0.0),
        ]);
        let index = GridIndex::new(vec![(
            id,
            MultiPolygon::new(vec![Polygon::new(outer, vec![hole]), Polygon::new(l_shape, vec![])]),
        )]);
        assert_eq!(index.locate(GeoPoint { lat: 2.0, lng: 2.0 }), Some(id));
        assert_eq!(index.locate(GeoPoint { lat: 5.0, lng: 5.0 }), None, "in the hole");
        assert_eq!(index.locate(GeoPoint { lat: 2.0, lng: 28.0 }), Some(id));
        assert_eq!(index.locate(GeoPoint { lat: 8.0, lng: 28.0 }), None, "in the notch, inside the box");
    }
}
