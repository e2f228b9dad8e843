//! The IPC surface, generated from the one command table of `secspec_api::commands`: each
//! command hands its arguments to the `Service` method of the same name on the blocking pool
//! and returns its typed result or a typed `ApiError`; a panic there becomes an error, never a
//! crash of the window.

use secspec_api::{ApiError, ApiResult, ErrorCode, Service};
use std::sync::Arc;
use tauri::State;

pub type Svc = Arc<Service>;

async fn blocking<T: Send + 'static>(
    svc: &Svc,
    f: impl FnOnce(&Service) -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    let svc = Arc::clone(svc);
    tauri::async_runtime::spawn_blocking(move || f(&svc))
        .await
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Failure,
                format!("内部エラー: {e}"),
                format!("internal error: {e}"),
            )
        })?
}

macro_rules! tauri_commands {
    ($( $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty ; )*) => {
        $(
            // Argument names as in the table (snake_case), like the generated TypeScript map.
            #[tauri::command(rename_all = "snake_case")]
            pub async fn $name(svc: State<'_, Svc>, $($arg: $ty),*) -> ApiResult<$ret> {
                let result = blocking(&svc, move |s| s.$name($($arg),*)).await;
                crate::startup::served(stringify!($name));
                result
            }
        )*

        /// The invoke handler with every command of the table.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }
    };
}

secspec_api::with_commands!(tauri_commands);
