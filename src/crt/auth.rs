//! Credentials providers and the SigV4 signing configuration.

use std::ffi::{c_int, c_void};
use std::fmt;
use std::pin::Pin;
use std::ptr::NonNull;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use super::common::{cursor, init, non_null_or_last_error, panic_message, CrtError};
use super::io::{ClientBootstrap, TlsContext};
use super::sys;

/// A set of AWS credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// Access key id.
    pub access_key_id: String,
    /// Secret access key.
    pub secret_access_key: String,
    /// Session token, for temporary credentials.
    pub session_token: Option<String>,
    /// When the credentials expire (`None`: never).
    pub expiration: Option<SystemTime>,
}

impl Credentials {
    /// Long-term credentials from an access key pair.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: None,
            expiration: None,
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field("session_token", &self.session_token.as_ref().map(|_| "** redacted **"))
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// A Rust credential source the CRT calls through [`CredentialsProvider::new_delegate`]. It may be
/// called on a CRT event-loop thread, so it should return promptly (cache, do not block on network).
pub type CredentialsFn = Arc<dyn Fn() -> Result<Credentials, String> + Send + Sync>;

/// A CRT credentials provider (`aws_credentials_provider`), reference counted.
#[derive(Debug)]
pub struct CredentialsProvider {
    inner: NonNull<sys::aws_credentials_provider>,
}

// SAFETY: credentials providers are thread-safe in the CRT (the S3 client queries them from any
// event-loop thread) and their reference count is atomic.
unsafe impl Send for CredentialsProvider {}
// SAFETY: see `Send`.
unsafe impl Sync for CredentialsProvider {}

impl CredentialsProvider {
    /// A provider that always returns these credentials.
    pub fn new_static(creds: &Credentials) -> Result<Self, CrtError> {
        let lib = init();
        // SAFETY: all-zero is valid for this options struct (no shutdown callback, empty cursors).
        let mut options: sys::aws_credentials_provider_static_options = unsafe { std::mem::zeroed() };
        options.access_key_id = cursor(creds.access_key_id.as_bytes());
        options.secret_access_key = cursor(creds.secret_access_key.as_bytes());
        if let Some(token) = &creds.session_token {
            options.session_token = cursor(token.as_bytes());
        }
        // SAFETY: the cursors point into `creds`, alive for the call; the provider copies the strings.
        let ptr = unsafe { sys::aws_credentials_provider_new_static(lib.allocator().as_ptr(), &options) };
        Ok(Self { inner: non_null_or_last_error(ptr)? })
    }

    /// The SDKs' default chain: environment, profile files, web identity, ECS, IMDS.
    pub fn new_chain_default(bootstrap: &ClientBootstrap, tls: Option<&TlsContext>) -> Result<Self, CrtError> {
        let lib = init();
        // SAFETY: all-zero is valid for this options struct (defaults everywhere).
        let mut options: sys::aws_credentials_provider_chain_default_options = unsafe { std::mem::zeroed() };
        options.bootstrap = bootstrap.as_ptr();
        options.tls_ctx = tls.map_or(std::ptr::null_mut(), |t| t.as_ptr());
        // SAFETY: `options` is valid for the call; the chain acquires its own references to the
        // bootstrap and the TLS context.
        let ptr = unsafe { sys::aws_credentials_provider_new_chain_default(lib.allocator().as_ptr(), &options) };
        Ok(Self { inner: non_null_or_last_error(ptr)? })
    }

    /// A provider that asks a Rust closure, so the CRT and the pure-Rust engine can share one
    /// credential source. The closure is dropped when the provider (and every CRT reference to it)
    /// is gone.
    pub fn new_delegate(source: CredentialsFn) -> Result<Self, CrtError> {
        let lib = init();
        let state = Box::into_raw(Box::new(DelegateState { source }));
        // SAFETY: all-zero is valid for this options struct.
        let mut options: sys::aws_credentials_provider_delegate_options = unsafe { std::mem::zeroed() };
        options.get_credentials = Some(delegate_get_credentials);
        options.delegate_user_data = state as *mut c_void;
        options.shutdown_options.shutdown_callback = Some(delegate_shutdown);
        options.shutdown_options.shutdown_user_data = state as *mut c_void;
        // SAFETY: `options` is valid for the call; `state` stays alive until the provider's shutdown
        // callback frees it.
        let ptr = unsafe { sys::aws_credentials_provider_new_delegate(lib.allocator().as_ptr(), &options) };
        match non_null_or_last_error(ptr) {
            Ok(inner) => Ok(Self { inner }),
            Err(e) => {
                // SAFETY: creation failed, so the shutdown callback never runs: free the state once.
                drop(unsafe { Box::from_raw(state) });
                Err(e)
            }
        }
    }

    pub(crate) fn as_ptr(&self) -> *mut sys::aws_credentials_provider {
        self.inner.as_ptr()
    }
}

impl Clone for CredentialsProvider {
    fn clone(&self) -> Self {
        // SAFETY: live provider; acquire adds a reference and returns the same pointer.
        unsafe { sys::aws_credentials_provider_acquire(self.inner.as_ptr()) };
        Self { inner: self.inner }
    }
}

impl Drop for CredentialsProvider {
    fn drop(&mut self) {
        // SAFETY: releases the one reference this value owns.
        unsafe { sys::aws_credentials_provider_release(self.inner.as_ptr()) };
    }
}

struct DelegateState {
    source: CredentialsFn,
}

/// The delegate provider's `get_credentials`: runs the Rust closure and completes synchronously.
unsafe extern "C" fn delegate_get_credentials(
    delegate_user_data: *mut c_void,
    callback: sys::aws_on_get_credentials_callback_fn,
    callback_user_data: *mut c_void,
) -> c_int {
    // SAFETY: `delegate_user_data` is the `DelegateState` registered in `new_delegate`, alive until
    // the provider's shutdown callback, which cannot run during a query.
    let state = unsafe { &*(delegate_user_data as *const DelegateState) };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (state.source)()))
        .unwrap_or_else(|p| Err(format!("credential callback panicked: {}", panic_message(&*p))));
    let Some(callback) = callback else {
        return sys::AWS_OP_SUCCESS as c_int;
    };
    match outcome {
        Ok(creds) => {
            let expiration = creds
                .expiration
                .map(|t| t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()))
                .unwrap_or(u64::MAX);
            let token = creds.session_token.as_deref().unwrap_or("");
            let alloc = init().allocator();
            // SAFETY: the cursors point into `creds`, alive for the call; the new credentials copy them.
            let c = unsafe {
                sys::aws_credentials_new(
                    alloc.as_ptr(),
                    cursor(creds.access_key_id.as_bytes()),
                    cursor(creds.secret_access_key.as_bytes()),
                    cursor(token.as_bytes()),
                    expiration,
                )
            };
            if c.is_null() {
                let err = CrtError::last();
                // SAFETY: the CRT's completion callback with its own user data; NULL credentials
                // plus an error code is the documented failure form.
                unsafe { callback(std::ptr::null_mut(), err.code, callback_user_data) };
            } else {
                // SAFETY: `c` is valid; the callback acquires its own reference if it keeps it.
                unsafe { callback(c, 0, callback_user_data) };
                // SAFETY: releases the reference `aws_credentials_new` gave us.
                unsafe { sys::aws_credentials_release(c) };
            }
        }
        Err(message) => {
            tracing::warn!(target: "s3transfer::crt", "credential source failed: {message}");
            let code = sys::aws_auth_errors::AWS_AUTH_CREDENTIALS_PROVIDER_DELEGATE_FAILURE.0 as i32;
            // SAFETY: as above, the failure form of the completion callback.
            unsafe { callback(std::ptr::null_mut(), code, callback_user_data) };
        }
    }
    sys::AWS_OP_SUCCESS as c_int
}

/// The delegate provider's shutdown callback: frees the Rust state exactly once.
unsafe extern "C" fn delegate_shutdown(user_data: *mut c_void) {
    if !user_data.is_null() {
        // SAFETY: the `Box<DelegateState>` leaked in `new_delegate`; the CRT calls this once, last.
        drop(unsafe { Box::from_raw(user_data as *mut DelegateState) });
    }
}

/// How request payloads are signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PayloadSigning {
    /// `UNSIGNED-PAYLOAD` (the CRT default; integrity comes from checksums and TLS).
    #[default]
    Unsigned,
    /// The SHA-256 of the payload is computed and signed.
    Signed,
}

struct SigningConfigInner {
    raw: sys::aws_signing_config_aws,
    // `raw` points into these:
    _region: Box<str>,
    _service: Box<str>,
    _provider: CredentialsProvider,
}

/// A SigV4 signing configuration for service `s3` (the `aws_signing_config_aws` plus everything it
/// points into).
pub struct SigningConfig {
    inner: Pin<Box<SigningConfigInner>>,
}

// SAFETY: the raw struct only points into the owned, immutable strings and the thread-safe
// provider; it is never mutated after construction.
unsafe impl Send for SigningConfig {}
// SAFETY: see `Send`.
unsafe impl Sync for SigningConfig {}

impl fmt::Debug for SigningConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningConfig").field("region", &self.inner._region).finish_non_exhaustive()
    }
}

impl SigningConfig {
    /// SigV4 for `s3` in `region`, with credentials from `provider`.
    pub fn new(region: &str, provider: &CredentialsProvider, payload: PayloadSigning) -> Self {
        init();
        let region: Box<str> = region.into();
        let service: Box<str> = "s3".into();
        // SAFETY: all-zero is the state `aws_s3_init_default_signing_config` overwrites.
        let mut raw: sys::aws_signing_config_aws = unsafe { std::mem::zeroed() };
        // SAFETY: fills `raw` with S3 defaults (SigV4, header signing, x-amz-content-sha256 =
        // UNSIGNED-PAYLOAD); it stores the region cursor and the provider pointer, both of which are
        // owned by the `SigningConfigInner` built below and live as long as `raw`.
        unsafe { sys::aws_s3_init_default_signing_config(&mut raw, cursor(region.as_bytes()), provider.as_ptr()) };
        raw.service = cursor(service.as_bytes());
        if payload == PayloadSigning::Signed {
            // An empty signed-body value makes the signer hash the payload.
            raw.signed_body_value = sys::aws_byte_cursor { len: 0, ptr: std::ptr::null_mut() };
        }
        Self {
            inner: Box::pin(SigningConfigInner { raw, _region: region, _service: service, _provider: provider.clone() }),
        }
    }

    /// The region this configuration signs for.
    pub fn region(&self) -> &str {
        &self.inner._region
    }

    pub(crate) fn as_ptr(&self) -> *const sys::aws_signing_config_aws {
        &self.inner.raw
    }
}
