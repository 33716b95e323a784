//! Where a notice's recipient is reached, most preferred first: a deputy's chosen channels, a station's or
//! unit's group robot and webhook, a station head's or the committee's WeCom, webhook or phone, a citizen's
//! (or a resident account's) WeChat subscription and phone.

use super::Relay;
use crate::domain::notify::Audience;
use crate::domain::reference::NotifyChannel;
use crate::domain::report::normalize_phone;
use crate::storage::StorageError;

/// One way to reach a recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Route {
    pub(super) channel: NotifyChannel,
    /// A URL, phone number, WeCom userid, push subscription or WeChat openid.
    pub(super) target: String,
    /// For WeChat subscribe messages: the account whose one-time subscriptions are spent, and the template.
    pub(super) subscription: Option<(uuid::Uuid, String)>,
}

impl Route {
    pub(super) fn new(channel: NotifyChannel, target: String) -> Self {
        Self { channel, target, subscription: None }
    }
}

impl Relay {
    /// The recipient's routes, most preferred first.
    pub(super) async fn routes(&self, audience: Audience, owner: uuid::Uuid) -> Result<Vec<Route>, StorageError> {
        let targets = self.storage.notification_targets(audience, owner).await?;
        let target = |channel: NotifyChannel| targets.iter().find(|t| t.channel == channel).map(|t| t.target.clone());
        let order: Vec<NotifyChannel> = match audience {
            Audience::Deputy => match self.storage.find_deputy_by_id(owner).await? {
                Some(deputy) => {
                    let mut routes = Vec::new();
                    for name in &deputy.notification_channels {
                        let Ok(channel) = name.parse::<NotifyChannel>() else {
                            tracing::warn!(deputy = %deputy.code, channel = %name, "a stored channel is not known; skipped");
                            continue;
                        };
                        let route = match channel {
                            NotifyChannel::WechatSubscribe => {
                                let template = self.channels.wechat.as_ref().and_then(|w| w.deputy_template_id.clone());
                                self.subscribe_route(deputy.account_id, template).await?
                            }
                            NotifyChannel::WechatOaSubscribe => self.oa_subscribe_route(deputy.account_id).await?,
                            // Deputies' phone numbers are stored encrypted (a number set before that is
                            // still plain text, and still reached).
                            NotifyChannel::Sms => target(NotifyChannel::Sms)
                                .and_then(|stored| {
                                    self.vault.decrypt(&stored).ok().or_else(|| normalize_phone(&stored))
                                })
                                .map(|phone| Route::new(NotifyChannel::Sms, phone)),
                            other => target(other).map(|t| Route::new(other, t)),
                        };
                        routes.extend(route);
                    }
                    return Ok(routes);
                }
                None => Vec::new(),
            },
            Audience::Station | Audience::Unit => vec![NotifyChannel::WecomRobot, NotifyChannel::Webhook],
            // Heads and the committee: a member of WeCom, their group, a webhook, or a text message.
            Audience::StationHead | Audience::Committee => {
                let mut routes = Vec::new();
                for channel in [NotifyChannel::WecomApp, NotifyChannel::WecomRobot, NotifyChannel::Webhook] {
                    routes.extend(target(channel).map(|t| Route::new(channel, t)));
                }
                let phone = target(NotifyChannel::Sms).and_then(|stored| self.vault.decrypt(&stored).ok());
                routes.extend(phone.map(|phone| Route::new(NotifyChannel::Sms, phone)));
                return Ok(routes);
            }
            Audience::Citizen => return self.citizen_routes(owner).await,
            Audience::Resident => return self.resident_routes(owner).await,
        };
        Ok(order.into_iter().filter_map(|channel| target(channel).map(|t| Route::new(channel, t))).collect())
    }

    /// An official-account subscription message to the account's official-account openid, when the template
    /// is set.
    async fn oa_subscribe_route(&self, account: Option<uuid::Uuid>) -> Result<Option<Route>, StorageError> {
        let (Some(account), Some(oa)) = (account, self.channels.wechat_oa.as_ref()) else { return Ok(None) };
        let openid = self.storage.wechat_oa_openid(account).await?;
        Ok(openid.map(|openid| Route {
            channel: NotifyChannel::WechatOaSubscribe,
            target: openid,
            subscription: Some((account, oa.template_id.clone())),
        }))
    }

    /// A WeChat subscribe message to the account's openid, when the mini-program has the template set.
    async fn subscribe_route(
        &self,
        account: Option<uuid::Uuid>,
        template: Option<String>,
    ) -> Result<Option<Route>, StorageError> {
        let (Some(account), Some(template)) = (account, template) else { return Ok(None) };
        let openid = self.storage.find_account(account).await?.and_then(|a| a.wechat_openid);
        Ok(openid.map(|openid| Route {
            channel: NotifyChannel::WechatSubscribe,
            target: openid,
            subscription: Some((account, template)),
        }))
    }

    /// A citizen hears by WeChat subscribe message when they filed from the mini-program or accepted one in
    /// the phone app inside WeChat, and by text message at the phone number on their report when they agreed
    /// to be contacted.
    async fn citizen_routes(&self, report_id: uuid::Uuid) -> Result<Vec<Route>, StorageError> {
        let Some(report) = self.storage.find_report(report_id).await? else { return Ok(Vec::new()) };
        let template = self.channels.wechat.as_ref().and_then(|w| w.citizen_template_id.clone());
        let mut routes: Vec<Route> = self.subscribe_route(report.citizen_id, template).await?.into_iter().collect();
        routes.extend(self.oa_subscribe_route(report.citizen_id).await?);
        let phone = match (&report.contact_phone_cipher, report.consent.personal_info) {
            (Some(cipher), true) => self.vault.decrypt(cipher).ok(),
            _ => None,
        };
        routes.extend(phone.map(|phone| Route::new(NotifyChannel::Sms, phone)));
        Ok(routes)
    }

    /// A resident (a citizen's account) hears by WeChat subscribe message when they signed in with WeChat,
    /// and by text message at the phone number they signed in with.
    async fn resident_routes(&self, account_id: uuid::Uuid) -> Result<Vec<Route>, StorageError> {
        let Some(account) = self.storage.find_account(account_id).await? else { return Ok(Vec::new()) };
        let template = self.channels.wechat.as_ref().and_then(|w| w.citizen_template_id.clone());
        let mut routes: Vec<Route> = self.subscribe_route(Some(account.id), template).await?.into_iter().collect();
        routes.extend(self.oa_subscribe_route(Some(account.id)).await?);
        let phone = account.phone_cipher.as_deref().and_then(|cipher| self.vault.decrypt(cipher).ok());
        routes.extend(phone.map(|phone| Route::new(NotifyChannel::Sms, phone)));
        Ok(routes)
    }
}
