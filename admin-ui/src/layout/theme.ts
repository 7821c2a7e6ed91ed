import { defaultDarkTheme, defaultLightTheme, type RaThemeOptions } from 'react-admin';

/** System fonts only: the app loads nothing from the internet (no web fonts, no CDN). */
export const SYSTEM_FONT_STACK =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';

const typography = { fontFamily: SYSTEM_FONT_STACK };

export const lightTheme: RaThemeOptions = {
  ...defaultLightTheme,
  palette: {
    ...defaultLightTheme.palette,
    primary: { main: '#1f4e79' },
    secondary: { main: '#2e7d6b' },
  },
  typography,
};

export const darkTheme: RaThemeOptions = {
  ...defaultDarkTheme,
  typography,
};
