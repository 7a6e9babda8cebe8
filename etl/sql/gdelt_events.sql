-- gdelt_events: the warehouse in the shape of the GDELT 2.0 event table (61 columns, GDELT's
-- names, order and types), so code written for GDELT runs on it. One row per events_daily row
-- dated to the day or the month (GDELT has no undated events; a year alone, or a month and day
-- without a year, cannot fill SQLDATE honestly). Loaded as a view by etl.defs.publish_db.
--
-- Where the columns come from (GDELT Event Codebook V2.0 meaning -> this warehouse):
--   GLOBALEVENTID   events_daily.global_event_id: stable 60-bit hash of the one-a-day key, so
--                   the same event keeps its id across runs (GDELT's ids are sequential).
--   SQLDATE etc.    event_date; a month-precision date is the 1st of its month (see
--                   events_daily.date_precision). FractionDate follows GDELT's published
--                   values: Year + ((month - 1) * 30 + day) / 365, to four decimals.
--   Actor*Code/Name NULL for an actor the coder left unresolved ('---'), as in GDELT's
--                   one-actor events; names upper-cased, as GDELT writes them.
--   Actor*KnownGroupCode / Type1..3Code  segments of the actor code (etl.publish.aggregate).
--   Ethnic/Religion codes, AvgTone, Actor1Geo_*/Actor2Geo_* and ActionGeo_ADM2Code: NULL
--                   (not produced here).
--   ActionGeo_*     the event's place (events_daily.geo_*, etl/coding/places): Type is GDELT's
--                   1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1);
--                   CountryCode FIPS 10-4; ADM1Code FIPS + GeoNames admin1 ('VE25'), US + state,
--                   or ISO 3166-2 for a province from pycountry; FeatureID the GeoNames id.
--   IsRootEvent     1 if a member event is its sentence's main event (GDELT: lead paragraph).
--   NumMentions     distinct coded sentences; NumArticles counts the copies of each story
--                   (cluster sizes); NumSources distinct publishers (see etl/publish/aggregate.py).
--   DATEADDED       start of the run that built the warehouse, YYYYMMDDHHMMSS UTC.
--   SOURCEURL       URL of the earliest article of the stories, else its input path.
SELECT
    CAST(d.global_event_id AS BIGINT) AS GLOBALEVENTID,
    CAST(strftime(d.event_date, '%Y%m%d') AS INTEGER) AS SQLDATE,
    CAST(strftime(d.event_date, '%Y%m') AS INTEGER) AS MonthYear,
    CAST(year(d.event_date) AS INTEGER) AS Year,
    CAST(round(year(d.event_date)
        + ((month(d.event_date) - 1) * 30 + day(d.event_date)) / 365.0, 4) AS DOUBLE) AS FractionDate,
    NULLIF(d.source_code, '---') AS Actor1Code,
    CASE WHEN d.source_code = '---' THEN NULL ELSE upper(d.source_name) END AS Actor1Name,
    d.source_country AS Actor1CountryCode,
    d.source_known_group AS Actor1KnownGroupCode,
    CAST(NULL AS VARCHAR) AS Actor1EthnicCode,
    CAST(NULL AS VARCHAR) AS Actor1Religion1Code,
    CAST(NULL AS VARCHAR) AS Actor1Religion2Code,
    d.source_types[1] AS Actor1Type1Code,
    d.source_types[2] AS Actor1Type2Code,
    d.source_types[3] AS Actor1Type3Code,
    NULLIF(d.target_code, '---') AS Actor2Code,
    CASE WHEN d.target_code = '---' THEN NULL ELSE upper(d.target_name) END AS Actor2Name,
    d.target_country AS Actor2CountryCode,
    d.target_known_group AS Actor2KnownGroupCode,
    CAST(NULL AS VARCHAR) AS Actor2EthnicCode,
    CAST(NULL AS VARCHAR) AS Actor2Religion1Code,
    CAST(NULL AS VARCHAR) AS Actor2Religion2Code,
    d.target_types[1] AS Actor2Type1Code,
    d.target_types[2] AS Actor2Type2Code,
    d.target_types[3] AS Actor2Type3Code,
    CAST(d.is_root_event AS INTEGER) AS IsRootEvent,
    d.cameo_code AS EventCode,
    d.cameo_base AS EventBaseCode,
    d.cameo_root AS EventRootCode,
    CAST(d.quad_class AS INTEGER) AS QuadClass,
    CAST(d.goldstein AS DOUBLE) AS GoldsteinScale,
    CAST(d.num_mentions AS INTEGER) AS NumMentions,
    CAST(d.num_sources AS INTEGER) AS NumSources,
    CAST(d.num_articles AS INTEGER) AS NumArticles,
    CAST(NULL AS DOUBLE) AS AvgTone,
    CAST(NULL AS INTEGER) AS Actor1Geo_Type,
    CAST(NULL AS VARCHAR) AS Actor1Geo_FullName,
    CAST(NULL AS VARCHAR) AS Actor1Geo_CountryCode,
    CAST(NULL AS VARCHAR) AS Actor1Geo_ADM1Code,
    CAST(NULL AS VARCHAR) AS Actor1Geo_ADM2Code,
    CAST(NULL AS DOUBLE) AS Actor1Geo_Lat,
    CAST(NULL AS DOUBLE) AS Actor1Geo_Long,
    CAST(NULL AS VARCHAR) AS Actor1Geo_FeatureID,
    CAST(NULL AS INTEGER) AS Actor2Geo_Type,
    CAST(NULL AS VARCHAR) AS Actor2Geo_FullName,
    CAST(NULL AS VARCHAR) AS Actor2Geo_CountryCode,
    CAST(NULL AS VARCHAR) AS Actor2Geo_ADM1Code,
    CAST(NULL AS VARCHAR) AS Actor2Geo_ADM2Code,
    CAST(NULL AS DOUBLE) AS Actor2Geo_Lat,
    CAST(NULL AS DOUBLE) AS Actor2Geo_Long,
    CAST(NULL AS VARCHAR) AS Actor2Geo_FeatureID,
    CAST(CASE
        WHEN d.geo_type = 'country' THEN 1
        WHEN d.geo_type = 'ADM1' AND d.geo_iso3 = 'USA' THEN 2
        WHEN d.geo_type = 'city' AND d.geo_iso3 = 'USA' THEN 3
        WHEN d.geo_type = 'city' THEN 4
        WHEN d.geo_type = 'ADM1' THEN 5
    END AS INTEGER) AS ActionGeo_Type,
    CAST(d.geo_name AS VARCHAR) AS ActionGeo_FullName,
    CAST(d.geo_fips AS VARCHAR) AS ActionGeo_CountryCode,
    CAST(d.geo_adm1 AS VARCHAR) AS ActionGeo_ADM1Code,
    CAST(NULL AS VARCHAR) AS ActionGeo_ADM2Code,
    CAST(d.geo_lat AS DOUBLE) AS ActionGeo_Lat,
    CAST(d.geo_lon AS DOUBLE) AS ActionGeo_Long,
    CAST(d.geo_geonameid AS VARCHAR) AS ActionGeo_FeatureID,
    r.date_added AS DATEADDED,
    d.source_url AS SOURCEURL
FROM events_daily AS d
LEFT JOIN (
    SELECT CAST(strftime(timezone('UTC', max(started_at)), '%Y%m%d%H%M%S') AS BIGINT) AS date_added
    FROM runs
    WHERE is_current
) AS r ON TRUE
WHERE d.event_date IS NOT NULL AND d.date_precision IN ('day', 'month')
ORDER BY SQLDATE, GLOBALEVENTID
