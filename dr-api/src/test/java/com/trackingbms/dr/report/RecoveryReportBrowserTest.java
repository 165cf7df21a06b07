package com.trackingbms.dr.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.trackingbms.dr.exec.Command;
import com.trackingbms.dr.exec.CommandRunner;
import com.trackingbms.dr.failover.DataLoss;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders a report page in headless Chromium (Debian package {@code chromium}) and checks the screenshot shows the
 * page: not blank, the timeline's bars drawn in their colours. Skips when Chromium is not installed. Tagged
 * {@code browser}; it takes about 1-3 s, so it runs in the default suite: exclude it with
 * {@code -DexcludedGroups=browser}, run it alone with {@code -Dtest=RecoveryReportBrowserTest}. The screenshot is
 * kept as {@code dr-api/target/report-screenshot.png} for a person to look at.
 */
@Tag("browser")
class RecoveryReportBrowserTest {

    @TempDir
    Path dir;

    private static Optional<String> chromium() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of("chromium", "chromium-browser").flatMap(name -> Stream.of(path.split(File.pathSeparator))
                .map(d -> Path.of(d, name))).filter(Files::isExecutable).map(Path::toString).findFirst();
    }

    @Test
    void thePageRendersInHeadlessChromium() throws Exception {
        Optional<String> browser = chromium();
        Assumptions.assumeTrue(browser.isPresent(), "chromium is not installed (apt-get install chromium); skipping the render check");
        RecoveryReport report = RecoveryReport.failover(ReportFixtures.failover(Duration.ofMinutes(20),
                DataLoss.unknown("standby position unknown"), ReportFixtures.validation(2, "HTTP 503 from /api/bms/foxbms/test")));
        Path page = dir.resolve("report.html");
        Files.writeString(page, report.toHtml());
        Path shot = dir.resolve("shot.png");

        CommandRunner.local().run(Command.builder(browser.get()).args(List.of("--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--user-data-dir=" + dir.resolve("profile"), "--hide-scrollbars",
                        "--window-size=1100,1500", "--screenshot=" + shot, page.toUri().toString()))
                .timeout(Duration.ofMinutes(2)).build());

        assertThat(shot).exists();
        Files.createDirectories(Path.of("target"));
        Files.copy(shot, Path.of("target", "report-screenshot.png"), StandardCopyOption.REPLACE_EXISTING);
        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1100);
        assertThat(image.getHeight()).isEqualTo(1500);
        long nonWhite = 0;
        long barBlue = 0;
        long failRed = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                if (rgb != 0xFFFFFF) {
                    nonWhite++;
                }
                if (near(rgb, 0x3b82c4)) {
                    barBlue++;
                }
                if (near(rgb, 0x8a1616)) {
                    failRed++;
                }
            }
        }
        long pixels = (long) image.getWidth() * image.getHeight();
        // Text, tables and the SVG: a blank or error page would be almost all white.
        assertThat(nonWhite).as("non-white pixels of %d", pixels).isGreaterThan(pixels / 20);
        // The timeline's bars: 7 steps, the longest (RTO minus detection) hundreds of pixels wide.
        assertThat(barBlue).as("timeline bar pixels").isGreaterThan(2000);
        // The failed RTO verdict and FAILED validation badge use the dark red text colour.
        assertThat(failRed).as("fail-coloured pixels").isGreaterThan(20);
    }

    private static boolean near(int rgb, int target) {
        int dr = ((rgb >> 16) & 0xFF) - ((target >> 16) & 0xFF);
        int dg = ((rgb >> 8) & 0xFF) - ((target >> 8) & 0xFF);
        int db = (rgb & 0xFF) - (target & 0xFF);
        return Math.abs(dr) < 12 && Math.abs(dg) < 12 && Math.abs(db) < 12;
    }
}
