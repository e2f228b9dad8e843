//! The fonts the desktop window draws its Japanese text with, served to its `@font-face` rules
//! (the shell answers the window's `secspec-font:` requests with these bytes).

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::service::Service;
use secspec_render::screen_font::{screen_font, ScreenFace};

impl Service {
    /// The bundled font `name` (`mincho`, `gothic` or `mj`) without its hinting, as a TrueType
    /// file: the documents' typeface, drawn on screen with every stroke.
    pub fn screen_font(&self, name: &str) -> ApiResult<Vec<u8>> {
        let face = ScreenFace::from_name(name).ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!("フォント「{name}」はありません"),
                format!("no font named {name:?}"),
            )
        })?;
        screen_font(self.fonts(), face).map_err(|e| ApiError::failure(&e))
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::service_on;
    use secspec_store::Store;

    #[test]
    fn the_window_gets_each_face_and_nothing_else() {
        let svc = service_on(Store::open_in_memory().unwrap());
        let mincho = svc.screen_font("mincho").unwrap();
        assert_eq!(
            mincho.get(0..4),
            Some(&[0u8, 1, 0, 0][..]),
            "a TrueType font"
        );
        assert!(svc.screen_font("gothic").is_ok());
        let err = svc.screen_font("../../etc/passwd").unwrap_err();
        assert!(err.message.en.contains("no font"), "{}", err.message.en);
    }
}
