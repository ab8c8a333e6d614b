-- UWS 1.1 jobs (TAP /async). One row per job; results live on disk (TapOptions.ResultDirectory/<job_id>).
-- Not granted to vo_reader: ADQL can never reach it.
CREATE SCHEMA IF NOT EXISTS uws;

CREATE TABLE uws.job (
    job_id text PRIMARY KEY,
    job_list text NOT NULL,
    run_id text,
    owner_id text,
    phase text NOT NULL CHECK (phase IN ('PENDING', 'QUEUED', 'EXECUTING', 'COMPLETED', 'ERROR', 'ABORTED',
                                         'UNKNOWN', 'HELD', 'SUSPENDED', 'ARCHIVED')),
    creation_time timestamptz NOT NULL DEFAULT now(),
    start_time timestamptz,
    end_time timestamptz,
    -- seconds; 0 = unlimited (never given out by this service)
    execution_duration integer NOT NULL CHECK (execution_duration >= 0),
    destruction timestamptz NOT NULL,
    -- [{"name": "...", "value": "...", "byReference": false}], in the order the client gave them
    parameters jsonb NOT NULL DEFAULT '[]'::jsonb,
    error_message text,
    error_type text CHECK (error_type IN ('transient', 'fatal')),
    result_mime text,
    result_size bigint,
    result_rows bigint,
    -- bumped on every change: lets WAIT and the worker pool notice changes cheaply
    version bigint NOT NULL DEFAULT 0
);

CREATE INDEX job_list_creation ON uws.job (job_list, creation_time);
CREATE INDEX job_destruction ON uws.job (destruction);
CREATE INDEX job_active ON uws.job (phase) WHERE phase IN ('QUEUED', 'EXECUTING');
