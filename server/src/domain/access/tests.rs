use super::*;

struct World {
    station_a: Uuid,
    station_b: Uuid,
    citizen: Uuid,
    deputy: Uuid,
}

fn world() -> World {
    World { station_a: Uuid::now_v7(), station_b: Uuid::now_v7(), citizen: Uuid::now_v7(), deputy: Uuid::now_v7() }
}

fn report_of(w: &World) -> ReportScope {
    ReportScope {
        station_id: Some(w.station_a),
        routed_station_id: None,
        citizen_id: Some(w.citizen),
        assigned_deputy_id: Some(w.deputy),
    }
}

#[test]
fn each_role_reads_only_the_reports_in_its_scope() {
    let w = world();
    let report = report_of(&w);
    let cases = [
        (Principal::Admin { account_id: Uuid::now_v7() }, true, false),
        (Principal::Staff { account_id: Uuid::now_v7(), stations: vec![w.station_a], head: false }, true, true),
        (Principal::Staff { account_id: Uuid::now_v7(), stations: vec![w.station_b], head: false }, false, false),
        (Principal::Staff { account_id: Uuid::now_v7(), stations: vec![], head: false }, false, false),
        (Principal::Deputy { account_id: Uuid::now_v7(), deputy_id: Some(w.deputy), stations: vec![] }, true, true),
        (
            Principal::Deputy {
                account_id: Uuid::now_v7(),
                deputy_id: Some(Uuid::now_v7()),
                stations: vec![w.station_a],
            },
            false,
            false,
        ),
        (Principal::Deputy { account_id: Uuid::now_v7(), deputy_id: None, stations: vec![w.station_a] }, false, false),
        (Principal::Citizen { account_id: w.citizen }, true, false),
        (Principal::Citizen { account_id: Uuid::now_v7() }, false, false),
        (Principal::Kiosk { kiosk_id: Uuid::now_v7(), station_id: w.station_a }, false, false),
    ];
    for (principal, read, unmask) in cases {
        assert_eq!(principal.may_read_report(&report), read, "{principal:?} read");
        assert_eq!(principal.may_unmask_contact(&report), unmask, "{principal:?} unmask");
    }
}

#[test]
fn a_report_without_station_or_owner_is_for_admins_only() {
    let w = world();
    let orphan = ReportScope { station_id: None, routed_station_id: None, citizen_id: None, assigned_deputy_id: None };
    // A kiosk report filed at one station about a place another covers: both stations' staff reach it.
    let crossing = ReportScope { routed_station_id: Some(w.station_b), ..report_of(&w) };
    for stations in [vec![w.station_a], vec![w.station_b]] {
        let staff = Principal::Staff { account_id: Uuid::now_v7(), stations, head: false };
        assert!(staff.may_read_report(&crossing));
    }
    assert!(Principal::Admin { account_id: Uuid::now_v7() }.may_read_report(&orphan));
    assert!(
        !Principal::Staff { account_id: Uuid::now_v7(), stations: vec![w.station_a], head: false }
            .may_read_report(&orphan)
    );
    assert!(!Principal::Citizen { account_id: w.citizen }.may_read_report(&orphan));
    assert!(!Principal::Deputy { account_id: w.deputy, deputy_id: None, stations: vec![] }.may_read_report(&orphan));
}

#[test]
fn stations_are_managed_by_their_staff_and_admins() {
    let w = world();
    assert!(Principal::Admin { account_id: Uuid::now_v7() }.manages_station(w.station_a));
    assert!(
        Principal::Staff { account_id: Uuid::now_v7(), stations: vec![w.station_a], head: false }
            .manages_station(w.station_a)
    );
    assert!(
        !Principal::Staff { account_id: Uuid::now_v7(), stations: vec![w.station_a], head: false }
            .manages_station(w.station_b)
    );
    assert!(
        !Principal::Deputy { account_id: w.deputy, deputy_id: None, stations: vec![w.station_a] }
            .manages_station(w.station_a)
    );
    assert!(!Principal::Kiosk { kiosk_id: Uuid::now_v7(), station_id: w.station_a }.manages_station(w.station_a));
    assert!(!Principal::Citizen { account_id: w.citizen }.manages_station(w.station_a));
}

#[test]
fn roles_round_trip_and_know_who_uses_passwords() {
    for role in Role::ALL {
        assert_eq!(role.as_str().parse::<Role>(), Ok(*role));
    }
    assert!(Role::Staff.uses_password() && Role::Deputy.uses_password() && Role::Admin.uses_password());
    assert!(!Role::Citizen.uses_password() && !Role::Kiosk.uses_password());
}

#[test]
fn staff_edit_deputies_of_their_stations_within_the_places_they_cover() {
    let (mine, theirs) = (Uuid::now_v7(), Uuid::now_v7());
    let staff = Principal::Staff { account_id: Uuid::now_v7(), stations: vec![mine], head: false };
    let admin = Principal::Admin { account_id: Uuid::now_v7() };
    let edit = DeputyEdit {
        stations: vec![mine],
        keeps_a_station: true,
        new_places: vec!["G1".into()],
        covered_places: ["G1".to_owned()].into_iter().collect(),
    };
    assert_eq!(may_edit_deputy(&staff, &edit), Ok(()));
    let elsewhere = DeputyEdit { stations: vec![mine, theirs], ..edit.clone() };
    assert_eq!(may_edit_deputy(&staff, &elsewhere), Err(DeputyEditRefusal::NotTheirStations));
    assert_eq!(may_edit_deputy(&admin, &elsewhere), Ok(()));
    let stationless = DeputyEdit { keeps_a_station: false, ..edit.clone() };
    assert_eq!(may_edit_deputy(&staff, &stationless), Err(DeputyEditRefusal::NotTheirStations));
    let outside = DeputyEdit { new_places: vec!["G9".into()], ..edit.clone() };
    assert_eq!(may_edit_deputy(&staff, &outside), Err(DeputyEditRefusal::OutsideTheirPlaces));
    let deputy = Principal::Deputy { account_id: Uuid::now_v7(), deputy_id: None, stations: vec![mine] };
    assert_eq!(may_edit_deputy(&deputy, &edit), Err(DeputyEditRefusal::NotTheirStations));
}

#[test]
fn a_deputys_targets_are_set_by_them_their_stations_staff_or_an_admin() {
    let (deputy, station, other) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let themself = Principal::Deputy { account_id: Uuid::now_v7(), deputy_id: Some(deputy), stations: vec![] };
    let someone_else = Principal::Deputy { account_id: Uuid::now_v7(), deputy_id: Some(other), stations: vec![] };
    let staff = Principal::Staff { account_id: Uuid::now_v7(), stations: vec![station], head: false };
    assert!(may_manage_deputy(&themself, deputy, &[station]));
    assert!(!may_manage_deputy(&someone_else, deputy, &[station]));
    assert!(may_manage_deputy(&staff, deputy, &[station]));
    assert!(!may_manage_deputy(&staff, deputy, &[station, other]), "every one of the deputy's stations");
    assert!(!may_manage_deputy(&staff, deputy, &[]));
    assert!(may_manage_deputy(&Principal::Admin { account_id: Uuid::now_v7() }, deputy, &[]));
    assert!(!may_manage_deputy(&Principal::Citizen { account_id: Uuid::now_v7() }, deputy, &[station]));
}
