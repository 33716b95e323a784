//! Layered settings: defaults, file, environment; secrets that never print.

use super::*;
use figment::Jail;

#[test]
fn defaults_need_no_file_and_no_environment() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        let s = Settings::load(Path::new("absent.toml")).unwrap();
        assert_eq!(s.bind, "127.0.0.1:8080");
        assert_eq!(s.data_dir, PathBuf::from("./data"));
        assert!(s.uses_sqlite());
        assert_eq!(s.database_url().expose_secret(), "sqlite://./data/liaison.sqlite?mode=rwc");
        assert!(s.redis_url.is_none());
        assert_eq!(s.limits.photos_per_report, 9);
        Ok(())
    });
}

#[test]
fn the_environment_overrides_the_file_which_overrides_defaults() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.create_file(
            "liaison.toml",
            r#"
            bind = "0.0.0.0:9000"
            data_dir = "/var/lib/liaison"
            [limits]
            photos_per_report = 4
            [limits.text]
            description_chars = 500
            "#,
        )?;
        jail.set_env("LIAISON_BIND", "127.0.0.1:7000");
        jail.set_env("LIAISON_LIMITS__PHOTO_BYTES", "1024");
        jail.set_env("DATABASE_URL", "postgres://liaison:hunter2@db/liaison");
        jail.set_env("LIAISON_CONFIG", "liaison.toml");
        let s = Settings::load(Path::new("liaison.toml")).unwrap();
        assert_eq!(s.bind, "127.0.0.1:7000");
        assert_eq!(s.data_dir, PathBuf::from("/var/lib/liaison"));
        assert_eq!(s.limits.photos_per_report, 4);
        assert_eq!(s.limits.photo_bytes, 1024);
        assert_eq!(s.limits.text.description_chars, 500);
        assert!(!s.uses_sqlite());
        Ok(())
    });
}

#[test]
fn secrets_never_appear_in_debug_output() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env("DATABASE_URL", "postgres://liaison:hunter2@db/liaison");
        jail.set_env("REDIS_URL", "redis://:swordfish@cache:6379");
        jail.set_env("LIAISON_AUTH__SIGNING_KEY", "c2lnbmluZy1rZXktc2VjcmV0LXNpZ25pbmcta2V5LXM=");
        jail.set_env("LIAISON_WECHAT__APP_SECRET", "wx-app-secret-42");
        jail.set_env("LIAISON_PII__KEY", "cGlpLWtleS1zZWNyZXQtcGlpLWtleS1zZWNyZXQtcGk=");
        let s = Settings::load(Path::new("absent.toml")).unwrap();
        let printed = format!("{s:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(!printed.contains("swordfish"), "{printed}");
        assert!(!printed.contains("c2lnbmluZy1rZXk"), "{printed}");
        assert!(!printed.contains("wx-app-secret-42"), "{printed}");
        assert!(!printed.contains("cGlpLWtleS1zZWNy"), "{printed}");
        Ok(())
    });
}

#[test]
fn the_kiosk_app_is_found_in_the_working_directory_else_in_the_source_tree() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        let s = Settings::load(Path::new("absent.toml")).unwrap();
        assert!(s.kiosk_ui_path().ends_with("server/../kiosk-ui"), "{:?}", s.kiosk_ui_path());
        std::fs::create_dir(jail.directory().join("kiosk-ui")).unwrap();
        assert_eq!(s.kiosk_ui_path(), PathBuf::from("kiosk-ui"));
        jail.set_env("LIAISON_KIOSK_UI_DIR", "/srv/kiosk");
        let s = Settings::load(Path::new("absent.toml")).unwrap();
        assert_eq!(s.kiosk_ui_path(), PathBuf::from("/srv/kiosk"));
        Ok(())
    });
}

#[test]
fn the_screens_are_found_in_the_working_directory_else_in_the_source_tree() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        let s = Settings::load(Path::new("absent.toml")).unwrap();
        assert!(s.web_ui_path().ends_with("server/../web-ui"), "{:?}", s.web_ui_path());
        std::fs::create_dir(jail.directory().join("web-ui")).unwrap();
        assert_eq!(s.web_ui_path(), PathBuf::from("web-ui"));
        jail.set_env("LIAISON_WEB_UI_DIR", "/srv/web-ui");
        let s = Settings::load(Path::new("absent.toml")).unwrap();
        assert_eq!(s.web_ui_path(), PathBuf::from("/srv/web-ui"));
        Ok(())
    });
}

#[test]
fn unknown_keys_and_bad_values_are_refused() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.create_file("liaison.toml", "bnid = \"0.0.0.0:80\"")?;
        assert!(Settings::load(Path::new("liaison.toml")).is_err());
        jail.create_file("liaison.toml", "")?;
        jail.set_env("LIAISON_LIMITS__PHOTOS_PER_REPORT", "many");
        assert!(Settings::load(Path::new("liaison.toml")).is_err());
        Ok(())
    });
}

#[test]
fn a_public_url_on_this_machine_only_is_recognised() {
    let with = |url: &str| Settings { public_url: url.into(), ..Settings::default() };
    for local in
        ["http://127.0.0.1:8080", "http://localhost", "https://LOCALHOST:8443/x", "http://[::1]:80", "http://0.0.0.0"]
    {
        assert!(with(local).public_url_is_local(), "{local}");
    }
    for public in
        ["https://lianluo.example.gov.cn", "http://10.1.2.3:8080", "https://[2001:db8::1]/", "https://127.example"]
    {
        assert!(!with(public).public_url_is_local(), "{public}");
    }
    assert!(Settings::default().public_url_is_local(), "the default warns");
}
