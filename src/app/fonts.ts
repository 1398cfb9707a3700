import localFont from "next/font/local";

/**
 * Inter (variable weight), self-hosted from @fontsource-variable/inter: next/font/google needs the internet at build
 * time. Latin and Latin-extended cover the product's languages; the browser only downloads what a page uses.
 */
export const inter = localFont({
  src: [
    {
      path: "../../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
      weight: "100 900",
      style: "normal",
    },
    {
      path: "../../node_modules/@fontsource-variable/inter/files/inter-latin-ext-wght-normal.woff2",
      weight: "100 900",
      style: "normal",
    },
  ],
  variable: "--font-inter",
  display: "swap",
});
