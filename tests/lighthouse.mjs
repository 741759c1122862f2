// Lighthouse 12 (its mobile defaults) on every address given, one after another in one Chromium: one JSON report
// (Lighthouse's result) per line. node tests/lighthouse.mjs CHROMIUM '["--flag", …]' CATEGORIES URL…
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const [chromePath, flags, categories, ...urls] = process.argv.slice(2);
const chrome = await chromeLauncher.launch({chromePath, chromeFlags: ["--headless=new", ...JSON.parse(flags)]});
try {
  for (const url of urls) {
    const result = await lighthouse(url, {port: chrome.port, output: "json", logLevel: "error",
                                          onlyCategories: categories.split(",")});
    process.stdout.write(JSON.stringify(result.lhr) + "\n");
  }
} finally {
  await chrome.kill();
}
