package io.amsfleet.cli;

import io.amsfleet.cli.output.Csv;
import io.amsfleet.cli.output.Table;
import io.amsfleet.cli.support.CsvRecords;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The table and CSV renderers on their own, with awkward cells. */
class OutputTest {
    @Test
    void tableCentresHeadersAndPadsCells() {
        String table = Table.render(List.of("ID", "NAME"), List.of(List.of("abc", "x"), List.of("a", "longer name")));
        assertEquals("""
                +-----+-------------+
                | ID  |    NAME     |
                +-----+-------------+
                | abc | x           |
                | a   | longer name |
                +-----+-------------+
                """, table);
    }

    @Test
    void emptyTableShowsItsHeaders() {
        assertEquals("""
                +----+------+
                | ID | NAME |
                +----+------+
                """, Table.render(List.of("ID", "NAME"), List.of()));
    }

    @Test
    void csvQuotesWhatNeedsQuotingAndParsesBack() {
        List<List<String>> rows = List.of(List.of("a,b", "say \"hi\"", "plain"), List.of("line\nbreak", "", "x"));
        String csv = Csv.render(rows);
        assertEquals("\"a,b\",\"say \"\"hi\"\"\",plain\n\"line\nbreak\",,x\n", csv);
        assertEquals(rows, CsvRecords.parse(csv));
    }
}
