//! Where a notice sends its reader: every notice links to the page its recipient acts on. Deputies open the
//! report in their workbench, station staff in the console, handling units in their reply page, citizens
//! their tracking page. Pure: the paths come from settings (`[links]`), ids and codes from the notice.

use serde::Deserialize;
use uuid::Uuid;

use super::notify::Audience;

/// The pages notices open, as path templates below the public address: `{id}` is the report's id,
/// `{code}` its tracking code.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LinkSettings {
    /// A deputy's notice opens the report in the deputy workbench.
    pub deputy_report: String,
    /// Station staff's notice opens the report in the console.
    pub console_report: String,
    /// A handling unit's notice opens its reply page; `{token}` is the signed link that lets the unit
    /// answer without an account.
    pub unit_report: String,
    /// A citizen's notice (and text message) opens the tracking page.
    pub citizen_report: String,
    /// The WeChat mini-program page a deputy's subscribe message opens.
    pub deputy_wechat_page: String,
    /// A resident's notice about their bookings opens their page in the phone app.
    pub resident_bookings: String,
    /// A notice about a review opinion opens it in the console; `{id}` is the opinion's id.
    pub console_opinion: String,
}

impl Default for LinkSettings {
    fn default() -> Self {
        Self {
            deputy_report: "/deputy/#/reports/{id}".into(),
            console_report: "/console/#/reports/{id}".into(),
            unit_report: "/unit/#{token}".into(),
            citizen_report: "/t/{code}".into(),
            deputy_wechat_page: "pages/deputy/report?id={id}".into(),
            resident_bookings: "/m/#/mine".into(),
            console_opinion: "/console/#/opinions/{id}".into(),
        }
    }
}

/// Fills `{id}` and `{code}` in a template (both empty for a notice about no report).
pub fn fill(template: &str, report_id: Option<Uuid>, tracking_code: &str) -> String {
    let id = report_id.map(|id| id.to_string()).unwrap_or_default();
    template.replace("{id}", &id).replace("{code}", tracking_code)
}

/// Where a handling unit answers, given its signed link token.
pub fn unit_link(settings: &LinkSettings, public_url: &str, report_id: Uuid, token: &str) -> String {
    let path = fill(&settings.unit_report, Some(report_id), "").replace("{token}", token);
    format!("{}{path}", public_url.trim_end_matches('/'))
}

/// The address a notice to `audience` about this report (or, for a resident, their bookings) opens, below
/// `public_url`.
pub fn notice_link(
    settings: &LinkSettings,
    public_url: &str,
    audience: Audience,
    report_id: Option<Uuid>,
    tracking_code: &str,
) -> String {
    let template = match audience {
        Audience::Deputy => &settings.deputy_report,
        // Staff, station heads and the committee all work in the console.
        Audience::Station | Audience::StationHead | Audience::Committee => &settings.console_report,
        // Without its signed token (see `unit_link`) a unit's page asks the unit to sign in.
        Audience::Unit => &settings.unit_report,
        Audience::Citizen => &settings.citizen_report,
        Audience::Resident => &settings.resident_bookings,
    };
    format!("{}{}", public_url.trim_end_matches('/'), fill(template, report_id, tracking_code))
}

/// Where a notice about review opinion `id` opens, below `public_url`.
pub fn opinion_link(settings: &LinkSettings, public_url: &str, id: Uuid) -> String {
    format!("{}{}", public_url.trim_end_matches('/'), fill(&settings.console_opinion, Some(id), ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_audience_opens_its_own_page() {
        let settings = LinkSettings::default();
        let id = Uuid::from_u128(7);
        let link =
            |audience| notice_link(&settings, "https://lianluo.example.gov.cn/", audience, Some(id), "LS-7KQ-9M3-XDP");
        assert_eq!(link(Audience::Deputy), format!("https://lianluo.example.gov.cn/deputy/#/reports/{id}"));
        assert_eq!(link(Audience::Station), format!("https://lianluo.example.gov.cn/console/#/reports/{id}"));
        assert_eq!(link(Audience::Committee), link(Audience::Station));
        assert_eq!(unit_link(&settings, "https://x.cn", id, "tok.en"), "https://x.cn/unit/#tok.en");
        assert_eq!(link(Audience::Citizen), "https://lianluo.example.gov.cn/t/LS-7KQ-9M3-XDP");
        let bookings = notice_link(&settings, "https://lianluo.example.gov.cn", Audience::Resident, None, "");
        assert_eq!(bookings, "https://lianluo.example.gov.cn/m/#/mine");
        assert_eq!(opinion_link(&settings, "https://x.cn/", id), format!("https://x.cn/console/#/opinions/{id}"));
    }

    #[test]
    fn templates_take_the_id_and_the_code() {
        let id = Uuid::from_u128(9);
        assert_eq!(fill("p?id={id}&c={code}", Some(id), "LS-1"), format!("p?id={id}&c=LS-1"));
        assert_eq!(fill("/static", Some(id), "LS-1"), "/static");
        assert_eq!(fill("p?id={id}&c={code}", None, ""), "p?id=&c=");
    }
}
