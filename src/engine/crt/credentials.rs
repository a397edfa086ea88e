//! Reading the CRT client's settings back from an `aws-sdk-s3` client, and a credentials source
//! for the CRT that uses the SDK client's own identity resolver.
//!
//! `aws_sdk_s3::Config` exposes the region but neither the endpoint URL nor the credentials
//! provider. Both are visible to an interceptor: the endpoint URL in the operation's config bag,
//! the identity resolvers in its runtime components. [`capture`] starts a `HeadObject` with a
//! one-off interceptor that copies them out during `read_before_serialization` and then stops the
//! operation with an error, so nothing is sent. The endpoint parameters it captures too let the CRT
//! engine resolve each bucket's address with the client's own endpoint rules.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::auth::AuthSchemeId;
use aws_smithy_runtime_api::client::identity::ResolveIdentity;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::{GetIdentityResolver, RuntimeComponents};
use aws_smithy_types::config_bag::ConfigBag;

use crate::crt::auth::Credentials;
use crate::error::{Result, TransferError};

/// What the CRT client needs from the SDK client.
pub(crate) struct SdkSettings {
    pub(crate) region: String,
    pub(crate) endpoint: String,
    pub(crate) components: RuntimeComponents,
    /// The client's endpoint parameters (for the probe's bucket): see [`super::addressing`].
    pub(crate) endpoint_params: aws_sdk_s3::config::endpoint::Params,
}

type Captured = (Option<String>, Option<aws_sdk_s3::config::endpoint::Params>, RuntimeComponents);

#[derive(Debug, Default)]
struct Capture {
    slot: Arc<Mutex<Option<Captured>>>,
}

const CAPTURED: &str = "s3transfer: settings captured (request intentionally not sent)";

impl Intercept for Capture {
    fn name(&self) -> &'static str {
        "s3transfer-crt-settings-capture"
    }

    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> std::result::Result<(), BoxError> {
        let endpoint = cfg.load::<aws_types::endpoint_config::EndpointUrl>().map(|e| e.0.clone());
        let params = cfg
            .load::<aws_smithy_runtime_api::client::endpoint::EndpointResolverParams>()
            .and_then(|p| p.get::<aws_sdk_s3::config::endpoint::Params>())
            .cloned();
        *self.slot.lock().unwrap_or_else(|p| p.into_inner()) = Some((endpoint, params, runtime_components.clone()));
        Err(CAPTURED.into())
    }
}

/// Reads region, endpoint URL and identity resolvers from `client` without sending a request.
pub(crate) async fn capture(client: &aws_sdk_s3::Client) -> Result<SdkSettings> {
    let region = client.config().region().map(|r| r.to_string()).unwrap_or_else(|| "us-east-1".to_owned());
    let cap = Capture::default();
    let slot = cap.slot.clone();
    let _ = client.head_object().bucket("s3transfer-settings-probe").key("probe").customize().interceptor(cap).send().await;
    let captured = slot.lock().unwrap_or_else(|p| p.into_inner()).take();
    let Some((endpoint, Some(endpoint_params), components)) = captured else {
        return Err(TransferError::invalid(
            "could not read the endpoint and credentials of the aws-sdk-s3 client for the CRT engine",
        ));
    };
    let endpoint = endpoint.unwrap_or_else(|| format!("https://s3.{region}.amazonaws.com"));
    if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
        return Err(TransferError::invalid(format!("the CRT engine needs an http:// or https:// endpoint URL, got {endpoint:?}")));
    }
    Ok(SdkSettings { region, endpoint, components, endpoint_params })
}

/// Resolves credentials with the SDK client's SigV4 identity resolver.
async fn resolve(components: &RuntimeComponents) -> std::result::Result<Credentials, String> {
    let resolver = components
        .identity_resolver(AuthSchemeId::new("sigv4"))
        .ok_or_else(|| "the aws-sdk-s3 client has no SigV4 credentials provider".to_owned())?;
    let bag = ConfigBag::base();
    let identity = resolver.resolve_identity(components, &bag).await.map_err(|e| format!("resolving credentials: {}", crate::error::DisplayChain(&*e)))?;
    let c = identity
        .data::<aws_credential_types::Credentials>()
        .ok_or_else(|| "the SigV4 identity is not AWS credentials".to_owned())?;
    Ok(Credentials {
        access_key_id: c.access_key_id().to_owned(),
        secret_access_key: c.secret_access_key().to_owned(),
        session_token: c.session_token().map(str::to_owned),
        expiration: c.expiry().or(identity.expiration()),
    })
}

/// Refresh this long before expiry.
const REFRESH_AHEAD: Duration = Duration::from_secs(300);
/// Longest a CRT thread waits for credentials when none are cached.
const BLOCKING_LIMIT: Duration = Duration::from_secs(30);

#[derive(Default)]
struct Cache {
    creds: Option<Credentials>,
    refreshing: bool,
}

/// Cached credentials from the SDK client's resolver, refreshed on the manager's runtime.
pub(crate) struct CredentialSource {
    components: RuntimeComponents,
    handle: tokio::runtime::Handle,
    cache: Mutex<Cache>,
}

impl CredentialSource {
    /// A source that resolves once now (so the first CRT request finds credentials cached).
    pub(crate) async fn new(components: RuntimeComponents, handle: tokio::runtime::Handle) -> Result<Arc<Self>> {
        let creds = resolve(&components).await.map_err(TransferError::invalid)?;
        Ok(Arc::new(Self { components, handle, cache: Mutex::new(Cache { creds: Some(creds), refreshing: false }) }))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cache> {
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Called by the CRT (any thread, possibly an event-loop thread).
    pub(crate) fn get(self: &Arc<Self>) -> std::result::Result<Credentials, String> {
        let now = SystemTime::now();
        {
            let mut cache = self.lock();
            if let Some(c) = &cache.creds {
                match c.expiration {
                    None => return Ok(c.clone()),
                    Some(exp) if exp > now + REFRESH_AHEAD => return Ok(c.clone()),
                    Some(exp) if exp > now => {
                        // Still valid: hand it out and refresh in the background.
                        let out = c.clone();
                        if !cache.refreshing {
                            cache.refreshing = true;
                            let me = self.clone();
                            self.handle.spawn(async move {
                                let r = resolve(&me.components).await;
                                let mut cache = me.lock();
                                cache.refreshing = false;
                                match r {
                                    Ok(c) => cache.creds = Some(c),
                                    Err(e) => tracing::warn!(error = %e, "background credentials refresh failed"),
                                }
                            });
                        }
                        return Ok(out);
                    }
                    Some(_) => {}
                }
            }
        }
        // Nothing valid cached: resolve on the runtime and wait here (a CRT thread, never a tokio
        // worker, so the resolver can use the runtime).
        let (tx, rx) = std::sync::mpsc::channel();
        let me = self.clone();
        self.handle.spawn(async move {
            let _ = tx.send(resolve(&me.components).await);
        });
        match rx.recv_timeout(BLOCKING_LIMIT) {
            Ok(Ok(c)) => {
                self.lock().creds = Some(c.clone());
                Ok(c)
            }
            Ok(Err(e)) => Err(e),
            Err(_) => Err("credentials could not be resolved (timed out, or the manager is shut down)".to_owned()),
        }
    }
}
