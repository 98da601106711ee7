/// The OpenAPI 3 description of the HTTP API, served at `/openapi.json`. A test keeps it equal to the
/// router's routes, so a route added without its description fails the build's tests.
enum OpenAPIDocument {
    /// The seven workflow actions share one shape; `"action": true` in the template stands for it.
    static let json = template.replacingOccurrences(of: #""action": true"#, with: actionOperation)

    static let actionOperation = #"""
    "parameters": [ { "$ref": "#/components/parameters/id" } ],
    "requestBody": { "required": false, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ActionRequest" }, "example": { "text": "同意" } } } },
    "responses": { "200": { "description": "done", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ActionResult" } } } },
      "400": { "$ref": "#/components/responses/Error" }, "401": { "$ref": "#/components/responses/Error" },
      "403": { "$ref": "#/components/responses/Error" }, "404": { "$ref": "#/components/responses/Error" },
      "409": { "$ref": "#/components/responses/Error" }, "422": { "$ref": "#/components/responses/Error" } }
    """#

    static let template = #"""
    {
      "openapi": "3.0.3",
      "info": {
        "title": "coalflow",
        "version": "1.0.0",
        "description": "Approval workflow of the Taishan District clean-coal subsidy program (散煤清洁化治理). Errors are {\"error\": {\"code\", \"message\", \"details\"}}; Accept-Language: en switches messages to English."
      },
      "components": {
        "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
        "parameters": {
          "idempotencyKey": { "name": "Idempotency-Key", "in": "header", "required": false, "schema": { "type": "string", "pattern": "^[!-~]{1,100}$" },
            "description": "Retrying a create with the same key answers with what the first attempt created; never creates twice." },
          "id": { "name": "id", "in": "path", "required": true, "schema": { "type": "string", "pattern": "^[Dd]?[0-9]{1,18}$" }, "example": "D1", "description": "Document id, e.g. D42" },
          "slipId": { "name": "id", "in": "path", "required": true, "schema": { "type": "string", "pattern": "^[Ss]?[0-9]{1,18}$" }, "example": "S1", "description": "Slip id, e.g. S7" },
          "type": { "name": "type", "in": "query", "required": false, "schema": { "type": "string", "enum": ["registration", "summary"] } },
          "programYear": { "name": "year", "in": "query", "required": true, "schema": { "type": "integer", "minimum": 2000, "maximum": 2100 }, "example": 2021 },
          "limit": { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 5000 } },
          "offset": { "name": "offset", "in": "query", "schema": { "type": "integer", "minimum": 0, "maximum": 9223372036854775807 } }
        },
        "responses": {
          "Error": { "description": "An error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
        },
        "schemas": {
          "Month": { "type": "string", "pattern": "^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0[1-9]|1[0-2])$", "example": "2021-11",
            "description": "YYYY-MM, a month that exists" },
          "ReportMonth": { "type": "string", "pattern": "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", "example": "2021-11",
            "description": "YYYY-MM within 2000–2100" },
          "Status": { "type": "object", "required": ["status"], "properties": { "status": { "type": "string" } } },
          "Error": {
            "type": "object", "required": ["error"],
            "properties": { "error": { "type": "object", "required": ["code", "message", "details"], "properties": {
              "code": { "type": "string" }, "message": { "type": "string" }, "details": { "type": "array", "items": { "type": "string" } } } } }
          },
          "Whoami": {
            "type": "object", "required": ["login", "unit", "unit_kind", "role"],
            "properties": { "login": { "type": "string" }, "unit": { "type": "string" },
              "unit_kind": { "type": "string", "enum": ["office", "bureau", "street", "village", "company"] },
              "role": { "type": "string", "enum": ["clerk", "reviewer", "viewer", "admin"] }, "street": { "type": "string", "nullable": true } }
          },
          "Totals": {
            "type": "object", "required": ["households", "coal_tons", "stoves", "subsidy_fen"],
            "properties": { "households": { "type": "integer" }, "coal_tons": { "type": "string", "pattern": "^[0-9]+\\.[0-9]{3}$" },
              "stoves": { "type": "integer" }, "subsidy_fen": { "type": "integer", "format": "int64" } }
          },
          "Document": {
            "type": "object",
            "required": ["id", "type", "status", "origin_unit", "street", "current_unit", "year", "totals", "revision", "step", "waiting_since", "time_limit_days", "overdue", "urges", "created_at"],
            "properties": {
              "id": { "type": "string" }, "type": { "type": "string", "enum": ["registration", "summary"] },
              "status": { "type": "string", "enum": ["draft", "publicizing", "in_review", "returned", "filed", "rejected", "withdrawn"] },
              "origin_unit": { "type": "string" }, "street": { "type": "string" }, "current_unit": { "type": "string", "nullable": true },
              "year": { "type": "integer" }, "month": { "type": "string" }, "totals": { "$ref": "#/components/schemas/Totals" },
              "revision": { "type": "integer" }, "step": { "type": "integer", "nullable": true }, "step_count": { "type": "integer" },
              "waiting_since": { "type": "string", "nullable": true }, "time_limit_days": { "type": "integer", "nullable": true },
              "overdue": { "type": "boolean" }, "urges": { "type": "integer" }, "notice_from": { "type": "string" }, "notice_to": { "type": "string" },
              "created_at": { "type": "string" },
              "lines": { "type": "array", "items": { "$ref": "#/components/schemas/Household" } },
              "checks": { "type": "array", "items": { "$ref": "#/components/schemas/Check" } },
              "history": { "type": "array", "items": { "$ref": "#/components/schemas/HistoryEntry" } }
            }
          },
          "Household": {
            "type": "object", "required": ["line_no", "name", "address", "id_number", "phone", "coal_tons", "stoves", "subsidy_fen"],
            "properties": { "line_no": { "type": "integer" }, "name": { "type": "string" }, "address": { "type": "string" },
              "id_number": { "type": "string" }, "phone": { "type": "string" }, "coal_tons": { "type": "string" },
              "stoves": { "type": "integer" }, "subsidy_fen": { "type": "integer", "format": "int64" } }
          },
          "Check": {
            "type": "object", "required": ["name", "passed", "message"],
            "properties": { "name": { "type": "string" }, "passed": { "type": "boolean" }, "message": { "type": "string" } }
          },
          "HistoryEntry": {
            "type": "object", "required": ["action", "unit", "login", "at", "comment", "from_status", "to_status", "step"],
            "properties": { "action": { "type": "string" }, "unit": { "type": "string" }, "login": { "type": "string" }, "at": { "type": "string" },
              "comment": { "type": "string", "nullable": true }, "from_status": { "type": "string" }, "to_status": { "type": "string" },
              "step": { "type": "integer", "nullable": true } }
          },
          "ActionRequest": {
            "type": "object",
            "properties": { "text": { "type": "string", "nullable": true, "description": "reason (return, reject), comment text, or a note; null is the same as absent" },
              "revision": { "type": "integer", "nullable": true, "minimum": -9223372036854775808, "maximum": 9223372036854775807,
                "description": "the revision seen; a different current revision is a 409; null is the same as absent" } }
          },
          "ActionResult": {
            "type": "object", "required": ["id", "action", "status", "current_unit", "step", "revision"],
            "properties": { "id": { "type": "string" }, "action": { "type": "string" }, "status": { "type": "string" },
              "current_unit": { "type": "string", "nullable": true }, "step": { "type": "integer", "nullable": true }, "revision": { "type": "integer" } }
          },
          "Slip": {
            "type": "object",
            "required": ["id", "company", "street", "village", "year", "date", "household_name", "address", "id_number", "phone", "product", "coal_tons", "stoves", "unit_price_fen", "amount_fen", "subsidy_fen", "status", "void_reason", "summary_id"],
            "properties": { "id": { "type": "string" }, "company": { "type": "string" }, "street": { "type": "string" }, "village": { "type": "string" },
              "year": { "type": "integer" }, "date": { "type": "string", "format": "date" }, "household_name": { "type": "string" }, "address": { "type": "string" },
              "id_number": { "type": "string" }, "phone": { "type": "string" }, "product": { "type": "string", "enum": ["coal", "stove"] },
              "coal_tons": { "type": "string" }, "stoves": { "type": "integer" }, "unit_price_fen": { "type": "integer", "format": "int64" },
              "amount_fen": { "type": "integer", "format": "int64" }, "subsidy_fen": { "type": "integer", "format": "int64" },
              "status": { "type": "string", "enum": ["valid", "void"] }, "void_reason": { "type": "string", "nullable": true },
              "summary_id": { "type": "string", "nullable": true } }
          },
          "Progress": {
            "type": "object",
            "required": ["street", "street_name", "target_coal_tons", "target_stoves", "registered_coal_tons", "registered_stoves", "registered_households",
                         "delivered_coal_tons", "delivered_stoves", "delivered_subsidy_fen", "filed_coal_tons", "filed_stoves", "filed_subsidy_fen",
                         "completion_coal_pct", "completion_stoves_pct"],
            "properties": { "street": { "type": "string" }, "street_name": { "type": "string" },
              "target_coal_tons": { "type": "string", "nullable": true }, "target_stoves": { "type": "integer", "nullable": true },
              "registered_coal_tons": { "type": "string" }, "registered_stoves": { "type": "integer" }, "registered_households": { "type": "integer" },
              "delivered_coal_tons": { "type": "string" }, "delivered_stoves": { "type": "integer" }, "delivered_subsidy_fen": { "type": "integer", "format": "int64" },
              "filed_coal_tons": { "type": "string" }, "filed_stoves": { "type": "integer" }, "filed_subsidy_fen": { "type": "integer", "format": "int64" },
              "completion_coal_pct": { "type": "string", "nullable": true }, "completion_stoves_pct": { "type": "string", "nullable": true } }
          },
          "Report": {
            "type": "object", "required": ["title", "subtitle", "sheets"],
            "properties": { "title": { "type": "string" }, "subtitle": { "type": "string" }, "sheets": { "type": "array", "items": { "$ref": "#/components/schemas/Sheet" } } }
          },
          "Sheet": {
            "type": "object", "required": ["spec", "rows"],
            "properties": { "spec": { "$ref": "#/components/schemas/SheetSpec" },
              "rows": { "type": "array", "items": { "type": "array", "items": { "$ref": "#/components/schemas/Cell" } } },
              "totals": { "type": "array", "items": { "$ref": "#/components/schemas/Cell" }, "description": "the totals row; absent when the sheet has none" } }
          },
          "SheetSpec": {
            "type": "object", "required": ["name", "title", "columns"],
            "properties": { "name": { "type": "string" }, "title": { "type": "string" },
              "columns": { "type": "array", "items": { "type": "object", "required": ["name", "kind", "summed"],
                "properties": { "name": { "type": "string" }, "kind": { "type": "string", "enum": ["text", "integer", "tons", "yuan", "percent", "days"] },
                  "summed": { "type": "boolean" } } } } }
          },
          "Cell": {
            "type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": false,
            "description": "One cell, keyed by its kind; the value is under _0: text a string, integer a number, tons thousandths of a ton, yuan fen, percent tenths of a percent, days tenths of a day. percent and days have no _0 when there is nothing to show.",
            "properties": {
              "text": { "type": "object", "required": ["_0"], "properties": { "_0": { "type": "string" } } },
              "integer": { "type": "object", "required": ["_0"], "properties": { "_0": { "type": "integer", "format": "int64" } } },
              "tons": { "type": "object", "required": ["_0"], "properties": { "_0": { "type": "integer", "format": "int64" } } },
              "yuan": { "type": "object", "required": ["_0"], "properties": { "_0": { "type": "integer", "format": "int64" } } },
              "percent": { "type": "object", "properties": { "_0": { "type": "integer", "format": "int64" } } },
              "days": { "type": "object", "properties": { "_0": { "type": "integer", "format": "int64" } } } }
          },
          "AuditHead": {
            "type": "object", "required": ["sha256", "events"],
            "properties": { "sha256": { "type": "string" }, "events": { "type": "integer" } }
          },
          "AuditReport": {
            "type": "object", "required": ["ok", "events", "problems", "head"],
            "properties": { "ok": { "type": "boolean" }, "events": { "type": "integer" },
              "problems": { "type": "array", "items": { "type": "string" } }, "head": { "$ref": "#/components/schemas/AuditHead" } }
          }
        }
      },
      "security": [{ "bearer": [] }],
      "paths": {
        "/healthz": { "get": { "summary": "Liveness", "security": [], "responses": { "200": { "description": "alive", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Status" } } } } } } },
        "/readyz": { "get": { "summary": "Readiness: the database answers", "security": [], "responses": {
          "200": { "description": "ready", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Status" } } } },
          "503": { "description": "database unavailable", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Status" } } } } } } },
        "/metrics": { "get": { "summary": "Prometheus metrics", "security": [], "responses": { "200": { "description": "text exposition format", "content": { "text/plain": { "schema": { "type": "string" } } } } } } },
        "/openapi.json": { "get": { "summary": "This document", "security": [], "responses": { "200": { "description": "OpenAPI 3", "content": { "application/json": { "schema": { "type": "object" } } } } } } },
        "/api/v1/login": {
          "post": {
            "summary": "Log in; returns a bearer token", "security": [],
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["login", "password"],
              "properties": { "login": { "type": "string" }, "password": { "type": "string" } } } } } },
            "responses": {
              "200": { "description": "logged in", "content": { "application/json": { "schema": { "type": "object", "required": ["token", "expires_at", "user"],
                "properties": { "token": { "type": "string" }, "expires_at": { "type": "string" }, "user": { "$ref": "#/components/schemas/Whoami" } } } } } },
              "400": { "$ref": "#/components/responses/Error" }, "403": { "$ref": "#/components/responses/Error" }, "422": { "$ref": "#/components/responses/Error" }
            }
          }
        },
        "/api/v1/logout": { "post": { "summary": "Revoke this token", "responses": { "204": { "description": "logged out" }, "401": { "$ref": "#/components/responses/Error" } } } },
        "/api/v1/whoami": { "get": { "summary": "The logged-in person", "responses": {
          "200": { "description": "who", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Whoami" } } } }, "401": { "$ref": "#/components/responses/Error" } } } },
        "/api/v1/documents": {
          "get": {
            "summary": "Documents visible to me, newest first",
            "parameters": [ { "$ref": "#/components/parameters/type" },
              { "name": "status", "in": "query", "schema": { "type": "string", "enum": ["draft", "publicizing", "in_review", "returned", "filed", "rejected", "withdrawn"] } },
              { "name": "street", "in": "query", "schema": { "type": "string" } }, { "name": "year", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 9999 } },
              { "$ref": "#/components/parameters/limit" }, { "$ref": "#/components/parameters/offset" } ],
            "responses": { "200": { "description": "documents", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Document" } } } } },
              "400": { "$ref": "#/components/responses/Error" }, "401": { "$ref": "#/components/responses/Error" } }
          }
        },
        "/api/v1/documents/{id}": {
          "get": { "summary": "A document with lines, checks and history", "parameters": [ { "$ref": "#/components/parameters/id" } ],
            "responses": { "200": { "description": "the document", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Document" } } } },
              "401": { "$ref": "#/components/responses/Error" }, "404": { "$ref": "#/components/responses/Error" } } }
        },
        "/api/v1/documents/{id}/submit": { "post": { "summary": "Submit (again, after a return) into review", "action": true } },
        "/api/v1/documents/{id}/approve": { "post": { "summary": "Approve the step waiting for my unit; the last step files it", "action": true } },
        "/api/v1/documents/{id}/return": { "post": { "summary": "Return to the originator for correction (text: the reason)", "action": true } },
        "/api/v1/documents/{id}/reject": { "post": { "summary": "Reject, final (text: the reason)", "action": true } },
        "/api/v1/documents/{id}/withdraw": { "post": { "summary": "The originator takes it back before any step acted", "action": true } },
        "/api/v1/documents/{id}/comment": { "post": { "summary": "Comment (text)", "action": true } },
        "/api/v1/documents/{id}/urge": { "post": { "summary": "Urge the waiting step (催办)", "action": true } },
        "/api/v1/documents/{id}/publicize": {
          "post": { "summary": "Post a registration publicly (公示) for a notice period", "parameters": [ { "$ref": "#/components/parameters/id" } ],
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["from", "to"],
              "properties": { "from": { "type": "string", "format": "date" }, "to": { "type": "string", "format": "date" } } },
              "example": { "from": "2021-09-01", "to": "2021-09-07" } } } },
            "responses": { "200": { "description": "publicized", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ActionResult" } } } },
              "400": { "$ref": "#/components/responses/Error" }, "401": { "$ref": "#/components/responses/Error" }, "403": { "$ref": "#/components/responses/Error" },
              "404": { "$ref": "#/components/responses/Error" }, "409": { "$ref": "#/components/responses/Error" }, "422": { "$ref": "#/components/responses/Error" } } }
        },
        "/api/v1/registrations": {
          "post": { "summary": "Create a registration form (登记表) with its households",
            "parameters": [ { "$ref": "#/components/parameters/idempotencyKey" } ],
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["year", "households"],
              "properties": { "year": { "type": "integer", "minimum": -9223372036854775808, "maximum": 9223372036854775807 }, "households": { "type": "array", "items": { "type": "object",
                "required": ["name", "address", "id_number", "phone", "coal_tons", "stoves"],
                "properties": { "name": { "type": "string" }, "address": { "type": "string" }, "id_number": { "type": "string" }, "phone": { "type": "string" },
                  "coal_tons": { "type": "string" }, "stoves": { "type": "string" } } } } } },
              "example": { "year": 2021, "households": [ { "name": "赵演示", "address": "财源街道演示一村 20 号", "id_number": "370902197001010022",
                "phone": "13805380001", "coal_tons": "1.5", "stoves": "0" } ] } } } },
            "responses": { "201": { "description": "created", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Document" } } } },
              "400": { "$ref": "#/components/responses/Error" }, "401": { "$ref": "#/components/responses/Error" }, "403": { "$ref": "#/components/responses/Error" },
              "404": { "$ref": "#/components/responses/Error" }, "422": { "$ref": "#/components/responses/Error" } } }
        },
        "/api/v1/slips": {
          "get": { "summary": "Slips visible to me (company, street, fgj, czj)",
            "parameters": [ { "name": "month", "in": "query", "schema": { "$ref": "#/components/schemas/Month" } } ],
            "responses": { "200": { "description": "slips", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Slip" } } } } },
              "401": { "$ref": "#/components/responses/Error" }, "422": { "$ref": "#/components/responses/Error" } } },
          "post": { "summary": "Issue sales slips (销售单), all or nothing",
            "parameters": [ { "$ref": "#/components/parameters/idempotencyKey" },
              { "name": "Prefer", "in": "header", "required": false, "schema": { "type": "string", "enum": ["return=minimal", "return=representation"] },
                "description": "return=minimal: answer with the new slips' ids only, as an object with ids, and a Preference-Applied header; otherwise with the slips." } ],
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["slips"],
              "properties": { "slips": { "type": "array", "items": { "type": "object", "required": ["id_number", "date"],
                "properties": { "id_number": { "type": "string" }, "date": { "type": "string", "format": "date" },
                  "coal_tons": { "type": "string" }, "stoves": { "type": "string" } } } } } },
              "example": { "slips": [ { "id_number": "370902196503120016", "date": "2021-11-20", "coal_tons": "0.5" } ] } } } },
            "responses": { "201": { "description": "issued: the slips, or with Prefer: return=minimal their ids", "content": { "application/json": { "schema": { "oneOf": [
                { "type": "array", "items": { "$ref": "#/components/schemas/Slip" } },
                { "type": "object", "required": ["ids"], "additionalProperties": false,
                  "properties": { "ids": { "type": "array", "items": { "type": "string", "pattern": "^S[0-9]+$" } } } } ] } } } },
              "400": { "$ref": "#/components/responses/Error" }, "401": { "$ref": "#/components/responses/Error" }, "403": { "$ref": "#/components/responses/Error" },
              "422": { "$ref": "#/components/responses/Error" } } }
        },
        "/api/v1/slips/{id}": {
          "get": { "summary": "One slip", "parameters": [ { "$ref": "#/components/parameters/slipId" } ],
            "responses": { "200": { "description": "the slip", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Slip" } } } },
              "401": { "$ref": "#/components/responses/Error" }, "404": { "$ref": "#/components/responses/Error" } } }
        },
        "/api/v1/slips/{id}/void": {
          "post": { "summary": "Void a slip with a reason (红冲)", "parameters": [ { "$ref": "#/components/parameters/slipId" } ],
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["reason"], "properties": { "reason": { "type": "string" } } }, "example": { "reason": "数量开错" } } } },
            "responses": { "200": { "description": "voided", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Slip" } } } },
              "400": { "$ref": "#/components/responses/Error" }, "401": { "$ref": "#/components/responses/Error" }, "403": { "$ref": "#/components/responses/Error" },
              "404": { "$ref": "#/components/responses/Error" }, "409": { "$ref": "#/components/responses/Error" }, "422": { "$ref": "#/components/responses/Error" } } }
        },
        "/api/v1/summaries": {
          "post": { "summary": "Make a monthly sales summary (销售汇总表) from a street's slips of a month",
            "parameters": [ { "$ref": "#/components/parameters/idempotencyKey" } ],
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["street", "month"],
              "properties": { "street": { "type": "string" }, "month": { "$ref": "#/components/schemas/Month" } } },
              "example": { "street": "caiyuan", "month": "2021-12" } } } },
            "responses": { "201": { "description": "created", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Document" } } } },
              "400": { "$ref": "#/components/responses/Error" }, "401": { "$ref": "#/components/responses/Error" }, "403": { "$ref": "#/components/responses/Error" },
              "404": { "$ref": "#/components/responses/Error" }, "422": { "$ref": "#/components/responses/Error" } } }
        },
        "/api/v1/queue": {
          "get": { "summary": "What waits for my unit, oldest first", "parameters": [ { "$ref": "#/components/parameters/type" }, { "$ref": "#/components/parameters/limit" }, { "$ref": "#/components/parameters/offset" } ],
            "responses": { "200": { "description": "documents", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Document" } } } } },
              "400": { "$ref": "#/components/responses/Error" }, "401": { "$ref": "#/components/responses/Error" } } }
        },
        "/api/v1/queue/approve-passing": {
          "post": { "summary": "Approve every queued document whose checks all pass", "parameters": [ { "$ref": "#/components/parameters/type" } ],
            "responses": { "200": { "description": "what was approved and skipped", "content": { "application/json": { "schema": { "type": "object", "required": ["approved", "skipped"],
              "properties": { "approved": { "type": "array", "items": { "$ref": "#/components/schemas/ActionResult" } },
                "skipped": { "type": "array", "items": { "type": "object", "required": ["id", "failed"], "properties": { "id": { "type": "string" },
                  "failed": { "type": "array", "items": { "$ref": "#/components/schemas/Check" } } } } } } } } } },
              "400": { "$ref": "#/components/responses/Error" }, "401": { "$ref": "#/components/responses/Error" }, "403": { "$ref": "#/components/responses/Error" },
              "409": { "$ref": "#/components/responses/Error" } } }
        },
        "/api/v1/track": {
          "get": { "summary": "Everything in review in the district (office, fgj, czj)",
            "parameters": [ { "name": "overdue", "in": "query", "schema": { "type": "string", "enum": ["true", "false"] } } ],
            "responses": { "200": { "description": "documents", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Document" } } } } },
              "400": { "$ref": "#/components/responses/Error" }, "401": { "$ref": "#/components/responses/Error" }, "403": { "$ref": "#/components/responses/Error" } } }
        },
        "/api/v1/progress": {
          "get": { "summary": "Per street progress against targets, and a district total (street = total)",
            "parameters": [ { "$ref": "#/components/parameters/programYear" } ],
            "responses": { "200": { "description": "rows", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Progress" } } } } },
              "400": { "$ref": "#/components/responses/Error" }, "401": { "$ref": "#/components/responses/Error" }, "403": { "$ref": "#/components/responses/Error" } } }
        },
        "/api/v1/reports/monthly": {
          "get": { "summary": "Monthly dispatch report (月调度)",
            "parameters": [ { "name": "month", "in": "query", "required": true, "schema": { "$ref": "#/components/schemas/ReportMonth" } } ],
            "responses": { "200": { "description": "report", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Report" } } } },
              "400": { "$ref": "#/components/responses/Error" }, "401": { "$ref": "#/components/responses/Error" }, "403": { "$ref": "#/components/responses/Error" },
              "422": { "$ref": "#/components/responses/Error" } } }
        },
        "/api/v1/reports/quarterly": {
          "get": { "summary": "Quarterly inspection report (季检查)",
            "parameters": [ { "name": "quarter", "in": "query", "required": true, "schema": { "type": "string", "pattern": "^(20[0-9]{2}|2100)[Qq][1-4]$" }, "example": "2021Q4" } ],
            "responses": { "200": { "description": "report", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Report" } } } },
              "400": { "$ref": "#/components/responses/Error" }, "401": { "$ref": "#/components/responses/Error" }, "403": { "$ref": "#/components/responses/Error" },
              "422": { "$ref": "#/components/responses/Error" } } }
        },
        "/api/v1/exports/year-end": {
          "get": { "summary": "One sheet of the year-end assessment (年考核) as NDJSON: a header line, then one JSON array per row",
            "parameters": [ { "$ref": "#/components/parameters/programYear" },
              { "name": "sheet", "in": "query", "required": true, "schema": { "type": "string", "enum": ["streets", "companies", "households", "timeliness"] } } ],
            "responses": { "200": { "description": "rows", "content": { "application/x-ndjson": { "schema": { "type": "string" } } } },
              "400": { "$ref": "#/components/responses/Error" }, "401": { "$ref": "#/components/responses/Error" }, "403": { "$ref": "#/components/responses/Error" } } }
        },
        "/api/v1/audit/verify": {
          "get": { "summary": "Verify the audit trail's hash chain, optionally against a recorded head",
            "parameters": [ { "name": "head_sha256", "in": "query", "schema": { "type": "string" }, "description": "a recorded head (from /api/v1/audit/head); needs head_events too, else 400" },
              { "name": "head_events", "in": "query", "schema": { "type": "integer", "minimum": -9223372036854775808, "maximum": 9223372036854775807 }, "description": "the event count of the recorded head; read only with head_sha256" } ],
            "responses": { "200": { "description": "report", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AuditReport" } } } },
              "400": { "$ref": "#/components/responses/Error" }, "401": { "$ref": "#/components/responses/Error" }, "403": { "$ref": "#/components/responses/Error" } } }
        },
        "/api/v1/audit/head": {
          "get": { "summary": "The audit chain's newest hash and event count",
            "responses": { "200": { "description": "head", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AuditHead" } } } },
              "401": { "$ref": "#/components/responses/Error" }, "403": { "$ref": "#/components/responses/Error" } } }
        }
      }
    }
    """#
}
