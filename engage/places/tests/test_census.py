"""Reading the census files: formats, encodings and each kind of bad row."""

from __future__ import annotations

from engage.places import census

from .conftest import AGE_BANDS, ETHNIC_GROUPS, FORCES, LOOKUP, SEX_AGE


def _lines(path) -> list[str]:
    return path.read_text(encoding="utf-8-sig").splitlines()


def _bytes(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_parse_real_files_detects_each_format():
    assert census.parse(AGE_BANDS.read_bytes()).format is census.Format.AGE_BANDS
    assert census.parse(ETHNIC_GROUPS.read_bytes()).format is census.Format.ETHNIC_GROUPS
    assert census.parse(SEX_AGE.read_bytes()).format is census.Format.SEX_AGE
    assert census.parse(LOOKUP.read_bytes()).format is census.Format.LAD_PFA_LOOKUP


def test_parse_real_age_file_reads_every_row_without_error():
    parsed = census.parse(AGE_BANDS.read_bytes())
    assert parsed.errors == []
    assert parsed.rows_read == 331
    assert len(parsed.figures) == 331 * 18


def test_parse_lookup_with_bom_reads_first_column():
    parsed = census.parse(LOOKUP.read_bytes())
    assert LOOKUP.read_bytes().startswith(b"\xef\xbb\xbf")
    assert parsed.lookup[0].district_code == "E07000144"
    assert len(parsed.lookup) == 348


def test_parse_forces_file_refused_listing_known_formats():
    parsed = census.parse(FORCES.read_bytes())
    assert parsed.format is None
    message = str(parsed.errors[0])
    assert "not a file Engage can import" in message
    assert "id, Label, Population 2010" in message
    assert "TS007A" in message and "LAD_code" in message


def test_parse_shifted_columns_refused_by_row_number():
    lines = _lines(AGE_BANDS)
    cells = lines[5].split(",")
    # Drop the first age band and repeat the last: the row still has 22 cells.
    shifted = cells[:4] + cells[5:] + [cells[-1]]
    lines[5] = ",".join(shifted)
    parsed = census.parse(_bytes(lines))
    assert [str(e) for e in parsed.errors] == [
        f"Row 6: the age bands for {cells[1]} ({cells[2]}) add up to "
        f"{sum(map(int, shifted[4:])):,} but 'Age: Total' is {int(cells[3]):,}; the columns may "
        "be shifted. Check this row against the header."
    ]


def test_parse_row_missing_a_cell_refused():
    lines = _lines(ETHNIC_GROUPS)
    lines[2] = lines[2].rsplit(",", 1)[0]
    parsed = census.parse(_bytes(lines))
    assert str(parsed.errors[0]) == (
        "Row 3: it has 6 cells but the header has 7; the columns may be shifted. "
        "Check for a missing or extra comma."
    )


def test_parse_non_numeric_cell_refused():
    lines = _lines(ETHNIC_GROUPS)
    cells = lines[9].split(",")
    cells[4] = "n/a"
    lines[9] = ",".join(cells)
    parsed = census.parse(_bytes(lines))
    assert [str(e) for e in parsed.errors] == [
        "Row 10: 'Mixed' is 'n/a', which is not a whole number of people."
    ]


def test_parse_negative_and_decimal_counts_refused():
    header = "LAD,LAD_code,Asian,Black,Mixed,Other,White"
    data = _bytes([header, "Rugby,E07000220,-5,1,1,1,1", "Warwick,E07000222,1.5,1,1,1,1"])
    assert [str(e) for e in census.parse(data).errors] == [
        "Row 2: 'Asian' is -5; a count of people cannot be negative.",
        "Row 3: 'Asian' is '1.5', which is not a whole number of people.",
    ]


def test_parse_thousands_separators_allowed():
    header = "LAD,LAD_code,Asian,Black,Mixed,Other,White"
    parsed = census.parse(_bytes([header, 'Warwick,E07000222,"14,403",1,1,1,"125,312"']))
    assert parsed.errors == []
    assert parsed.figures[0].value == 14403
    assert parsed.figures[-1].value == 125312


def test_parse_bad_code_refused():
    lines = _lines(SEX_AGE)
    lines[3] = lines[3].replace("K04000001", "K0400001")
    parsed = census.parse(_bytes(lines))
    assert [str(e) for e in parsed.errors] == [
        "Row 4: 'England and Wales Code' is 'K0400001', which is not an ONS code: a code is E, "
        "W, S, N or K followed by 8 digits, like E07000222."
    ]


def test_parse_missing_column_refused():
    lines = [",".join(line.split(",")[:-1]) for line in _lines(AGE_BANDS)]
    parsed = census.parse(_bytes(lines))
    assert [str(e) for e in parsed.errors] == [
        "Row 1: This looks like census2021-ts007a but has no column 'Age: Aged 85 years and "
        "over'. Use the file as downloaded, with its header unchanged."
    ]
    assert parsed.figures == []


def test_parse_repeated_area_refused():
    lines = _lines(ETHNIC_GROUPS)
    lines.append(lines[1])
    parsed = census.parse(_bytes(lines))
    assert str(parsed.errors[0]).startswith(f"Row {len(lines)}: it repeats Asian for")


def test_parse_utf16_refused_with_fix():
    parsed = census.parse(ETHNIC_GROUPS.read_text().encode("utf-16"))
    assert parsed.figures == []
    assert str(parsed.errors[0]) == (
        "This file is saved as UTF-16 ('Unicode Text'), which Engage cannot read. Open it in a "
        "spreadsheet and save it as 'CSV UTF-8 (Comma delimited)', then try again."
    )


def test_parse_latin1_read_as_windows_1252_with_notice():
    lookup = ("LAD16CD,LAD16NM,PFA16CD,PFA16NM\nW06000001,Ynys Môn,W15000002,North Wales\n").encode(
        "latin-1"
    )
    parsed = census.parse(lookup)
    assert parsed.errors == []
    assert parsed.encoding == "cp1252"
    assert parsed.lookup[0].district_name == "Ynys Môn"
    assert "read as Windows-1252" in parsed.notices[0]


def test_parse_bytes_neither_utf8_nor_windows_1252_refused():
    parsed = census.parse(
        b"LAD,LAD_code,Asian,Black,Mixed,Other,White\nA\x81b,E07000222,1,1,1,1,1\n"
    )
    assert str(parsed.errors[0]) == (
        "Row 2 holds characters that are not UTF-8 text. Open it in a spreadsheet and save it "
        "as 'CSV UTF-8 (Comma delimited)', then try again."
    )


def test_parse_empty_file_refused():
    assert str(census.parse(b"").errors[0]) == "The file is empty."


def test_age_bands_cover_every_single_year_once():
    years = [y for band in census.AGE_BANDS for y in range(band.first_year, band.last_year + 1)]
    assert years == list(range(91))
    assert [b.column for b in census.AGE_BANDS] == _lines(AGE_BANDS)[0].split(",")[4:]
