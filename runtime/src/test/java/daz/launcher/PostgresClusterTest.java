package daz.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresClusterTest {

    @TempDir
    Path folder;

    @Test
    void thePgHbaOfAnEarlierDazTrustsEveryone() throws Exception {
        Path hba = Files.writeString(folder.resolve("pg_hba.conf"), """
                # "local" is for Unix domain socket connections only
                local   all             all                                     trust
                host    all             all             127.0.0.1/32            trust
                """);

        assertThat(PostgresCluster.trusts(hba)).isTrue();
    }

    @Test
    void dazsOwnPgHbaTrustsNobodyEvenWhereACommentSaysTrust() throws Exception {
        Path hba = Files.writeString(folder.resolve("pg_hba.conf"), PostgresCluster.HBA + "# trust nobody\n");

        assertThat(PostgresCluster.trusts(hba)).isFalse();
        assertThat(PostgresCluster.HBA).doesNotContain("trust").contains("scram-sha-256");
    }

    @Test
    void aTrustLineWithOptionsOrTabsIsFound() throws Exception {
        Path hba = Files.writeString(
                folder.resolve("pg_hba.conf"), "host\tall\tall\t::1/128\ttrust\tmap=x # added by hand\n");

        assertThat(PostgresCluster.trusts(hba)).isTrue();
    }
}
