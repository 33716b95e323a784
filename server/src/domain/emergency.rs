//! Emergency advice: categories whose reports may be emergencies are flagged with the numbers to call, and
//! kiosks and phones tell the resident to call them now, before a report that takes days is filed.

use super::Localized;
use super::report::string_enum;

string_enum! {
    /// A number to call at once instead of (or before) filing.
    pub enum EmergencyLine {
        /// 110: police (报警).
        Police => "110",
        /// 119: fire (火警).
        Fire => "119",
        /// 120: ambulance (急救).
        Ambulance => "120",
        /// 12345: the government service hotline (政务服务便民热线), for urgent public-service faults.
        Hotline => "12345",
    }
}

impl EmergencyLine {
    /// What the number is for.
    pub fn label(self) -> Localized {
        match self {
            EmergencyLine::Police => Localized::new("报警", "police"),
            EmergencyLine::Fire => Localized::new("火警", "fire"),
            EmergencyLine::Ambulance => Localized::new("急救", "ambulance"),
            EmergencyLine::Hotline => Localized::new("政务服务便民热线", "government service hotline"),
        }
    }
}

/// The advice shown before filing a report of a category flagged with `lines`, or none when it has none.
pub fn advice(lines: &[EmergencyLine]) -> Option<Localized> {
    if lines.is_empty() {
        return None;
    }
    let list = |zh: bool| {
        lines
            .iter()
            .map(|l| {
                let label = l.label();
                if zh { format!("{}（{}）", l.as_str(), label.zh) } else { format!("{} ({})", l.as_str(), label.en) }
            })
            .collect::<Vec<_>>()
    };
    Some(Localized::new(
        format!("如情况紧急、危及人身或财产安全，请立即拨打 {}。联络站反映需要几天办理。", list(true).join("、")),
        format!(
            "If this is an emergency or anyone is in danger, call {} now. A report to the station takes days.",
            list(false).join(" or ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advice_names_every_number_in_both_languages_and_nothing_without_one() {
        assert_eq!(advice(&[]), None);
        let text = advice(&[EmergencyLine::Police, EmergencyLine::Ambulance]).unwrap();
        assert!(text.zh.contains("110（报警）、120（急救）"), "{}", text.zh);
        assert!(text.en.contains("call 110 (police) or 120 (ambulance) now"), "{}", text.en);
        assert_eq!("12345".parse::<EmergencyLine>(), Ok(EmergencyLine::Hotline));
        assert!("999".parse::<EmergencyLine>().is_err());
    }
}
