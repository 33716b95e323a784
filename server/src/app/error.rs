//! The one error type the application services return, and its table of stable machine-readable codes, each
//! with the HTTP status it is answered with (Meilisearch-style: one table, one place). The web layer turns an
//! [`AppError`] into RFC 9457 problem+json in `crate::web::problem`.

use crate::domain::report::FieldError;
use crate::storage::StorageError;

/// Declares every error code once, with its HTTP status and a short English title.
macro_rules! error_codes {
    ($($variant:ident => ($status:expr, $code:literal, $title:literal),)+) => {
        /// Stable machine-readable error codes. Clients match on these; they never change meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ErrorCode { $($variant,)+ }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code,)+ }
            }

            /// The HTTP status this code is answered with.
            pub fn status(self) -> u16 {
                match self { $(ErrorCode::$variant => $status,)+ }
            }

            pub fn title(self) -> &'static str {
                match self { $(ErrorCode::$variant => $title,)+ }
            }
        }
    };
}

error_codes! {
    MalformedJson => (400, "malformed_json", "The body is not valid JSON"),
    MalformedMultipart => (400, "malformed_multipart", "The multipart body cannot be read"),
    InvalidIdempotencyKey => (400, "invalid_idempotency_key", "The Idempotency-Key header is not usable"),
    InvalidTrackingCode => (400, "invalid_tracking_code", "That is not a tracking code"),
    InvalidQuery => (400, "invalid_query", "The query string is not valid"),
    Unauthenticated => (401, "unauthenticated", "Sign in first"),
    InvalidToken => (401, "invalid_token", "The access token is not valid"),
    InvalidCredentials => (401, "invalid_credentials", "Wrong username or password"),
    InvalidRefreshToken => (401, "invalid_refresh_token", "The refresh token is not valid"),
    InvalidEnrollmentCode => (401, "invalid_enrollment_code", "The enrollment code is not valid"),
    UnitLinkInvalid => (401, "unit_link_invalid", "This is not a link the station sent"),
    UnitLinkExpired => (401, "unit_link_expired", "The link has expired"),
    InvalidPhoneCode => (401, "invalid_phone_code", "The verification code is not valid"),
    WechatCodeInvalid => (401, "wechat_code_invalid", "WeChat did not accept the login code"),
    WecomCodeInvalid => (401, "wecom_code_invalid", "WeCom did not accept the sign-in code"),
    IdentityNotBound => (401, "identity_not_bound", "This identity is not tied to an account yet"),
    Forbidden => (403, "forbidden", "You may not do this"),
    UnitLinkSuperseded => (403, "unit_link_superseded", "The report is with another unit now"),
    WechatUserBlocked => (403, "wechat_user_blocked", "WeChat does not allow this user to sign in"),
    WechatSnapshotUser => (403, "wechat_snapshot_user", "The page was opened as a snapshot; open it in full"),
    WecomNotMember => (403, "wecom_not_member", "Only members of the organisation sign in with WeCom"),
    NotFound => (404, "not_found", "There is nothing at this address"),
    ReportNotFound => (404, "report_not_found", "No report has this tracking code"),
    ReportNotArrived => (404, "report_not_arrived", "A kiosk holds this code for a report it has not sent yet"),
    HelpCallNotFound => (404, "help_call_not_found", "No such call for help"),
    PhotoDropNotFound => (404, "photo_drop_not_found", "No such photo drop"),
    StationNotFound => (404, "station_not_found", "No station has this code"),
    CategoryNotFound => (404, "category_not_found", "No category has this code"),
    KioskNotFound => (404, "kiosk_not_found", "No such kiosk"),
    PhotoNotFound => (404, "photo_not_found", "No such photo"),
    DocumentNotFound => (404, "document_not_found", "No such document"),
    DeputyNotFound => (404, "deputy_not_found", "No deputy has this code"),
    ReceptionDayNotFound => (404, "reception_day_not_found", "No such reception day"),
    ActivityNotFound => (404, "activity_not_found", "No such activity"),
    OpinionNotFound => (404, "opinion_not_found", "No such review opinion"),
    SuggestionNotFound => (404, "suggestion_not_found", "No such suggestion"),
    ReportBackNotFound => (404, "report_back_not_found", "No such report-back session"),
    PlanTaskNotFound => (404, "plan_task_not_found", "No such task in the annual plan"),
    BookingNotFound => (404, "booking_not_found", "No such booking that can still be cancelled"),
    NoContactPhone => (404, "no_contact_phone", "The citizen left no phone number"),
    AccountNotFound => (404, "account_not_found", "No such account"),
    UsernameTaken => (409, "username_taken", "This username is taken"),
    MethodNotAllowed => (405, "method_not_allowed", "This method is not allowed here"),
    Conflict => (409, "conflict", "The request conflicts with data already stored"),
    BindingCodeUsed => (409, "binding_code_used", "The binding code was used already"),
    DeputyLeft => (409, "deputy_left", "The deputy has left"),
    DeputyAlreadyBound => (409, "deputy_already_bound", "The deputy is bound to another account"),
    AccountAlreadyBound => (409, "account_already_bound", "The account acts for another deputy"),
    RoleCannotBind => (409, "role_cannot_bind", "Staff and administrator accounts cannot act as a deputy"),
    AccountDisabled => (409, "account_disabled", "The account is disabled"),
    IdentityTaken => (409, "identity_taken", "This identity is tied to another account"),
    PhoneTaken => (409, "phone_taken", "This phone number belongs to another account"),
    LastSignInMethod => (409, "last_sign_in_method", "This is the account's only way to sign in"),
    ReservedCodeUsed => (409, "reserved_code_used", "Another report carries this reserved code"),
    PhotoDropFull => (409, "photo_drop_full", "The report has all the photos it can take"),
    ReceptionFull => (409, "reception_full", "Every place at this reception is taken"),
    ReceptionClosed => (409, "reception_closed", "This reception has begun or is over"),
    AlreadyBooked => (409, "already_booked", "You have a place at this reception already"),
    AlreadyVoted => (409, "already_voted", "This phone number has voted at this session already"),
    VotingClosed => (409, "voting_closed", "Voting at this session is not open"),
    YearKept => (409, "year_kept", "That year is over and its record is kept as it was scored"),
    NotOnDuty => (409, "not_on_duty", "The deputy is not on duty at this reception"),
    ReceptionNotBegun => (409, "reception_not_begun", "This reception has not begun: nobody is absent yet"),
    CheckInClosed => (409, "check_in_closed", "Check-in opens an hour before the activity and closes an hour after it"),
    ActivityCancelled => (409, "activity_cancelled", "The activity was cancelled"),
    WrongCheckInCode => (422, "wrong_check_in_code", "Not this activity's check-in code; scan the code shown there"),
    InvalidTransition => (409, "invalid_transition", "The report is not in a state where this can be done"),
    PhotoDropExpired => (410, "photo_drop_expired", "The code has expired; scan the new one on the screen"),
    PayloadTooLarge => (413, "payload_too_large", "The request body is too large"),
    PhotoTooLarge => (413, "photo_too_large", "A photo is too large"),
    DocumentTooLarge => (413, "document_too_large", "A document is too large"),
    UnsupportedContentType => (415, "unsupported_content_type", "This content type is not accepted here"),
    UnsupportedMediaType => (415, "unsupported_media_type", "This photo format is not accepted"),
    ValidationFailed => (422, "validation_failed", "Some fields are missing or invalid"),
    UnknownCategory => (422, "unknown_category", "No such category"),
    UnknownStation => (422, "unknown_station", "No such station"),
    UnknownDeputy => (422, "unknown_deputy", "No such deputy"),
    UnknownHandlingUnit => (422, "unknown_handling_unit", "No such handling unit"),
    InvalidAction => (422, "invalid_action", "The action is incomplete or not allowed as given"),
    UnknownPlace => (422, "unknown_place", "No such area or building"),
    InvalidDirectory => (422, "invalid_directory", "The directory change is inconsistent"),
    TooManyPhotos => (422, "too_many_photos", "Too many photos on one report"),
    TooManyDocuments => (422, "too_many_documents", "Too many documents at once"),
    InvalidDocument => (422, "invalid_document", "A document is not a plain PDF"),
    ImageTooLarge => (422, "image_too_large", "A photo has too many pixels"),
    InvalidImage => (422, "invalid_image", "A photo is damaged or cannot be read"),
    IdempotencyKeyReused => (422, "idempotency_key_reused", "This Idempotency-Key was used for a different request"),
    BindingCodeInvalid => (422, "binding_code_invalid", "No binding code matches"),
    BindingCodeExpired => (422, "binding_code_expired", "The binding code has expired; ask the station for a new one"),
    ImportInvalid => (422, "import_invalid", "The directory files have problems; nothing was imported"),
    UnknownReservedCode => (422, "unknown_reserved_code", "This kiosk did not reserve that code"),
    StationMismatch => (422, "station_mismatch", "A kiosk reports only for its own station"),
    TooManyRequests => (429, "too_many_requests", "Too many requests; wait and try again"),
    AccountLocked => (429, "account_locked", "Too many wrong passwords; the account is locked for a while"),
    WechatRateLimited => (429, "wechat_rate_limited", "WeChat asks us to slow down; try again shortly"),
    WecomRateLimited => (429, "wecom_rate_limited", "WeCom asks us to slow down; try again shortly"),
    WechatLoginDisabled => (501, "wechat_login_disabled", "WeChat login is not set up on this server"),
    WecomLoginDisabled => (501, "wecom_login_disabled", "WeCom sign-in is not set up on this server"),
    WechatSubscriptionsDisabled => (501, "wechat_subscriptions_disabled", "Official-account messages are not set up on this server"),
    WechatBadResponse => (502, "wechat_bad_response", "WeChat answered in a way we cannot use"),
    WecomBadResponse => (502, "wecom_bad_response", "WeCom answered in a way we cannot use"),
    WechatUnavailable => (503, "wechat_unavailable", "WeChat is busy or unreachable; try again shortly"),
    WecomUnavailable => (503, "wecom_unavailable", "WeCom is busy or unreachable; try again shortly"),
    SmsUnavailable => (503, "sms_unavailable", "The text message could not be sent; try again shortly"),
    ServiceUnavailable => (503, "service_unavailable", "The service is busy; try again shortly"),
    InternalError => (500, "internal_error", "Something went wrong on our side"),
}

/// An error on its way to becoming a problem+json response.
#[derive(Debug)]
pub struct AppError {
    code: ErrorCode,
    detail: Option<String>,
    errors: Vec<FieldError>,
    /// For `import_invalid`: where the files are wrong.
    import_problems: Box<[crate::domain::reference::problem::ImportProblem]>,
    retry_after_secs: Option<u64>,
    /// For a 405: the methods the resource does answer (sent as `Allow`).
    allow: Option<String>,
    /// Only for server-side failures: the cause, logged and never sent.
    source: Option<anyhow::Error>,
}

impl AppError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            code,
            detail: Some(detail.into()),
            errors: Vec::new(),
            import_problems: Box::default(),
            retry_after_secs: None,
            allow: None,
            source: None,
        }
    }

    /// A 422 listing every broken field rule.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        Self::with_fields(ErrorCode::ValidationFailed, "Check the fields listed in `errors`.", errors)
    }

    /// An error about particular fields, with its own code.
    pub fn with_fields(code: ErrorCode, detail: impl Into<String>, errors: Vec<FieldError>) -> Self {
        Self { errors, ..Self::new(code, detail) }
    }

    /// A failure on our side; the cause is logged, the client sees only the request id.
    pub fn internal(source: impl Into<anyhow::Error>) -> Self {
        Self {
            code: ErrorCode::InternalError,
            detail: None,
            errors: Vec::new(),
            import_problems: Box::default(),
            retry_after_secs: None,
            allow: None,
            source: Some(source.into()),
        }
    }

    /// The service cannot answer now; the client should retry after `secs` seconds.
    pub fn unavailable(detail: impl Into<String>, secs: u64) -> Self {
        Self::retry_after(ErrorCode::ServiceUnavailable, detail, secs)
    }

    /// An error the client may retry after `secs` seconds (sent as `Retry-After`, at least 1).
    pub fn retry_after(code: ErrorCode, detail: impl Into<String>, secs: u64) -> Self {
        Self { retry_after_secs: Some(secs.max(1)), ..Self::new(code, detail) }
    }

    /// A 405 for `method`, listing the methods the resource answers (`"GET, HEAD, PUT"`) in `Allow`.
    pub fn method_not_allowed(method: &str, allow: impl Into<String>) -> Self {
        let allow = allow.into();
        let detail = format!("{method} is not allowed on this path; use {allow}.");
        Self { allow: Some(allow), ..Self::new(ErrorCode::MethodNotAllowed, detail) }
    }

    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// What the client is told, beyond the code's title.
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }

    /// The fields at fault, for a validation error.
    pub fn field_errors(&self) -> &[FieldError] {
        &self.errors
    }

    /// A 422 `import_invalid` listing where the directory files are wrong.
    pub fn import_invalid(problems: Vec<crate::domain::reference::problem::ImportProblem>) -> Self {
        Self {
            import_problems: problems.into_boxed_slice(),
            ..Self::new(ErrorCode::ImportInvalid, "Every problem is listed in `problems`, with its file and line.")
        }
    }

    /// Where the files of a directory import are wrong.
    pub fn import_problems(&self) -> &[crate::domain::reference::problem::ImportProblem] {
        &self.import_problems
    }

    /// Seconds after which a retry may succeed (sent as `Retry-After`).
    pub fn retry_after_secs(&self) -> Option<u64> {
        self.retry_after_secs
    }

    /// The methods a 405's resource answers (sent as `Allow`).
    pub fn allow(&self) -> Option<&str> {
        self.allow.as_deref()
    }

    /// The cause of a server-side failure: logged, never sent.
    pub fn source(&self) -> Option<&anyhow::Error> {
        self.source.as_ref()
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.detail.as_deref().unwrap_or(self.code.title()))
    }
}

impl From<StorageError> for AppError {
    fn from(err: StorageError) -> Self {
        match err {
            StorageError::Busy(_) => AppError::unavailable("The database is busy; try again shortly.", 2),
            StorageError::Unavailable(_) => {
                AppError::unavailable("The database cannot be reached just now; try again shortly.", 5)
            }
            StorageError::Conflict(what) => AppError::new(ErrorCode::Conflict, what),
            other => AppError::internal(other),
        }
    }
}

impl From<crate::domain::binding::BindingRefusal> for AppError {
    fn from(refusal: crate::domain::binding::BindingRefusal) -> Self {
        use crate::domain::binding::BindingRefusal as R;
        let code = match refusal {
            R::CodeUnknown => ErrorCode::BindingCodeInvalid,
            R::CodeExpired => ErrorCode::BindingCodeExpired,
            R::CodeUsed => ErrorCode::BindingCodeUsed,
            R::DeputyLeft => ErrorCode::DeputyLeft,
            R::DeputyBoundElsewhere => ErrorCode::DeputyAlreadyBound,
            R::AccountBoundElsewhere => ErrorCode::AccountAlreadyBound,
            R::WrongRole => ErrorCode::RoleCannotBind,
            R::AccountInactive => ErrorCode::AccountDisabled,
        };
        let detail = refusal.to_string();
        let mut chars = detail.chars();
        let sentence = chars.next().map(|first| format!("{}{}.", first.to_uppercase(), chars.as_str()));
        AppError::new(code, sentence.unwrap_or_default())
    }
}

impl From<crate::storage::bindings::BindError> for AppError {
    fn from(err: crate::storage::bindings::BindError) -> Self {
        use crate::storage::bindings::BindError;
        match err {
            BindError::Refused(refusal) => refusal.into(),
            BindError::NoDeputy => AppError::new(ErrorCode::DeputyNotFound, "There is no such deputy."),
            BindError::NoAccount => AppError::new(ErrorCode::AccountNotFound, "There is no such account."),
            BindError::Storage(err) => err.into(),
        }
    }
}

impl From<crate::app::directory_edit::EditError> for AppError {
    fn from(err: crate::app::directory_edit::EditError) -> Self {
        match err {
            crate::app::directory_edit::EditError::Invalid(problems) => AppError::with_fields(
                ErrorCode::InvalidDirectory,
                format!("{} problem(s); nothing was changed: {}", problems.len(), problems.join("; ")),
                problems.into_iter().map(|p| FieldError::new("directory", "inconsistent", p)).collect(),
            ),
            crate::app::directory_edit::EditError::Storage(err) => err.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_snake_case_and_map_to_client_or_server_errors() {
        let mut seen = HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {}", code.as_str());
            assert!(code.as_str().bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            assert!((400..600).contains(&code.status()));
            assert!(!code.title().is_empty());
        }
    }
}
