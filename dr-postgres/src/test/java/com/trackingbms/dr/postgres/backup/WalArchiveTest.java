package com.trackingbms.dr.postgres.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trackingbms.dr.Secret;
import com.trackingbms.dr.crypto.CryptoException;
import com.trackingbms.dr.crypto.Encryption;
import com.trackingbms.dr.crypto.KeyProviders;
import com.trackingbms.dr.postgres.backup.internal.Lsn;
import com.trackingbms.dr.store.FileSystemObjectStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAL archive and the archive_command / restore_command entry point, on a filesystem store (no server needed). */
class WalArchiveTest {

    @TempDir
    Path dir;

    private WalArchive archive() throws IOException {
        return WalArchive.builder(FileSystemObjectStore.of(dir.resolve("store"))).encryption(Encryption.aes256Gcm(KeyProviders.key("w1",
                Secret.of("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")))).build();
    }

    private Path segment(String name, long seed) throws IOException {
        byte[] data = new byte[(int) Lsn.SEGMENT];
        new Random(seed).nextBytes(data);
        for (int i = 0; i < data.length; i += 2) {
            data[i] = 0; // WAL is partly zeros: something to compress
        }
        Path p = dir.resolve("pg_wal").resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, data);
        return p;
    }

    @Test
    void segmentsRoundTripWithTheirLsnRangeAndRetriedArchivingIsIdempotent() throws Exception {
        WalArchive archive = archive();
        Path seg = segment("000000010000000000000003", 1);
        WalSegment s = archive.push(seg);
        assertThat(s.timeline()).isEqualTo(1);
        assertThat(s.startLsn()).isEqualTo("0/3000000");
        assertThat(s.endLsn()).isEqualTo("0/4000000");
        assertThat(s.manifest().storedBytes()).isLessThan(Lsn.SEGMENT);
        assertThat(archive.push(seg).manifest().id()).isEqualTo(s.manifest().id());

        Path back = dir.resolve("restored/000000010000000000000003");
        archive.fetch("000000010000000000000003", back);
        assertThat(Files.mismatch(seg, back)).isEqualTo(-1);
    }

    @Test
    void differentContentUnderAnArchivedNameIsRefused() throws Exception {
        WalArchive archive = archive();
        archive.push(segment("000000010000000000000003", 1));
        Path other = segment("000000010000000000000003", 2);
        assertThatThrownBy(() -> archive.push(other)).hasMessageContaining("already archived with different content");
    }

    @Test
    void gapsArePerTimelineAndNamed() throws Exception {
        WalArchive archive = archive();
        for (String n : List.of("000000010000000000000001", "000000010000000000000002", "000000010000000000000005",
                "000000020000000000000005", "000000020000000000000006")) {
            archive.push(segment(n, n.hashCode()));
        }
        assertThat(archive.gaps()).containsExactly(new WalGap(1, "000000010000000000000003", "000000010000000000000004", 2));
        assertThat(WalArchive.gaps(List.of("0000000100000000000000FF", "000000010000000100000000"))).isEmpty();
    }

    @Test
    void restoreCommandAnswersFoundMissingAndTampered() throws Exception {
        WalArchive archive = archive();
        WalSegment s = archive.push(segment("000000010000000000000007", 3));
        Path dest = dir.resolve("recovery/RECOVERYXLOG");
        Files.createDirectories(dest.getParent());
        assertThat(WalCommand.run(archive, new String[] {"restore", "000000010000000000000007", dest.toString()})).isZero();
        assertThat(Files.size(dest)).isEqualTo(Lsn.SEGMENT);
        assertThat(WalCommand.run(archive, new String[] {"restore", "000000010000000000000008", dest.toString()}))
                .isEqualTo(WalCommand.NOT_DONE);
        assertThat(WalCommand.run(archive, new String[] {"restore", "00000002.history", dest.toString()})).isEqualTo(WalCommand.NOT_DONE);

        Path object = dir.resolve("store").resolve(WalArchive.PREFIX + s.name() + "/" + s.manifest().objectKey());
        try (RandomAccessFile f = new RandomAccessFile(object.toFile(), "rw")) {
            f.seek(100);
            int b = f.read();
            f.seek(100);
            f.write(b ^ 1);
        }
        Path fresh = dir.resolve("recovery/OTHER");
        assertThat(WalCommand.run(archive, new String[] {"restore", "000000010000000000000007", fresh.toString()}))
                .isEqualTo(WalCommand.FATAL);
        assertThat(fresh).doesNotExist();
        assertThatThrownBy(() -> archive.fetch("000000010000000000000007", fresh)).isInstanceOf(CryptoException.class);
        assertThat(fresh).doesNotExist();
    }

    @Test
    void archiveCommandStoresACompletedSegmentAndRefusesOthers() throws Exception {
        WalArchive archive = archive();
        assertThat(WalCommand.run(archive, new String[] {"archive", segment("00000001000000000000000A", 4).toString()})).isZero();
        assertThat(archive.find("00000001000000000000000A")).isPresent();
        Path partial = dir.resolve("pg_wal/00000001000000000000000B.partial");
        Files.write(partial, new byte[10]);
        assertThat(WalCommand.run(archive, new String[] {"archive", partial.toString()})).isEqualTo(WalCommand.NOT_DONE);
        assertThat(WalCommand.run(archive, new String[] {"bogus"})).isEqualTo(WalCommand.NOT_DONE);
    }

    @Test
    void lsnArithmetic() {
        assertThat(Lsn.parse("0/3000060").segmentName(1)).isEqualTo("000000010000000000000003");
        assertThat(Lsn.parse("1/FF000000").segmentName(2)).isEqualTo("0000000200000001000000FF");
        assertThat(Lsn.startOf("0000000200000001000000FF").toString()).isEqualTo("1/FF000000");
        assertThat(Lsn.segmentNumberOf("000000010000000100000000")).isEqualTo(256);
        assertThatThrownBy(() -> Lsn.parse("3000060")).hasMessageContaining("X/Y");
    }
}
