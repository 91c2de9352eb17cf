#!/usr/bin/env node
// Validates CloudFormation templates offline with AWS's own validator
// (@aws/cloudformation-validate 1.14.0, bundled inside aws-cdk-lib 2.276.0).
//
// One CompositeEngine is built per process (about 3 s) and reused for every
// template, so callers should send many templates to one process.
//
//   node validate.mjs [options] FILE...    validate the files, one JSON line each
//   node validate.mjs [options] < LIST     read requests from stdin, one per line
//
// A stdin line is either a template path or a JSON request object:
//   {"id": any, "file": "path"}                      template read from disk
//   {"id": any, "content": "text", "name": "label"}  template text in memory
// plus optional "severity", "parameters" ({name: value}) and "region", which
// override the command-line options for that request.
//
// Each template gets exactly one output line:
//   {"id"?, "file", "status", "diagnostics": [{"severity", "ruleId", "message",
//     "logicalId"?, "entityType"?, "resourceType"?, "propertyPath"?, "line"?,
//     "column"?, "source"}]}
// or, when it could not be validated at all, {"id"?, "file", "error"}, with
// "restart": true when the WebAssembly instance trapped and this process exits.
//
// Options: --severity LEVEL (DEBUG|INFO|WARN|ERROR|FATAL, default WARN),
//          --param NAME=VALUE (repeatable), --region REGION (default us-east-1).
// Exit status: 0 when no template has an ERROR or FATAL finding, 1 when one
// does or could not be validated, 2 on bad usage or when the validator cannot
// start, 3 when the WebAssembly instance trapped (the process must restart).
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

const SEVERITIES = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const FAILING = new Set(['ERROR', 'FATAL']);
const INSTALL_HINT = 'run tools/cfn-validate/install.sh (needs Node 20+ and npm)';

function usage(message) {
    process.stderr.write(`validate.mjs: ${message}\n` +
        'usage: node validate.mjs [--severity LEVEL] [--param NAME=VALUE]... [--region REGION] [FILE...]\n');
    process.exit(2);
}

function parseArgs(argv) {
    const options = { severity: 'WARN', parameters: {}, region: undefined };
    const files = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${arg} needs a value`));
        if (arg === '--') {
            files.push(...argv.slice(i + 1));
            break;
        } else if (arg === '--severity') {
            options.severity = checkSeverity(value().toUpperCase(), usage);
        } else if (arg === '--param') {
            const pair = value();
            const eq = pair.indexOf('=');
            if (eq < 1) usage(`--param wants NAME=VALUE, got '${pair}'`);
            options.parameters[pair.slice(0, eq)] = pair.slice(eq + 1);
        } else if (arg === '--region') {
            options.region = value();
        } else if (arg.startsWith('--')) {
            usage(`unknown option ${arg}`);
        } else {
            files.push(arg);
        }
    }
    return { options, files };
}

function checkSeverity(severity, fail) {
    return SEVERITIES.includes(severity) ? severity
        : fail(`severity '${severity}' is not one of ${SEVERITIES.join(', ')}`);
}

function loadValidator() {
    // The validator is a bundled dependency of aws-cdk-lib, so it is resolved
    // from aws-cdk-lib's own location rather than from this folder.
    const here = createRequire(import.meta.url);
    try {
        return createRequire(here.resolve('aws-cdk-lib'))('@aws/cloudformation-validate');
    } catch (error) {
        process.stderr.write(`validate.mjs: cannot load @aws/cloudformation-validate from aws-cdk-lib (${error.message}); ${INSTALL_HINT}\n`);
        process.exit(2);
    }
}

function toRequest(line, defaults) {
    if (!line.startsWith('{')) {
        return { ...defaults, file: line };
    }
    let request;
    try {
        request = JSON.parse(line);
    } catch (error) {
        throw new Error(`request line is not valid JSON (${error.message})`);
    }
    if (typeof request.file !== 'string' && typeof request.content !== 'string') {
        throw new Error('a request needs a "file" path or a "content" string');
    }
    return { ...defaults, ...request, parameters: { ...defaults.parameters, ...request.parameters } };
}

function flatten(d) {
    return {
        severity: d.severity,
        ruleId: d.ruleId,
        message: d.message,
        logicalId: d.entity?.logicalId,
        entityType: d.entity?.entityType,
        resourceType: d.entity?.resourceType,
        propertyPath: d.propertyPath,
        line: d.startLine,
        column: d.startColumn,
        source: d.source,
    };
}

function validate(validator, engine, request) {
    const label = request.file ?? request.name ?? validator.DEFAULT_TEMPLATE_NAME;
    const head = request.id === undefined ? { file: label } : { id: request.id, file: label };
    const template = request.file !== undefined
        ? new validator.TemplateFile(request.file)
        : new validator.TemplateContent(request.content, label);
    const severity = checkSeverity(String(request.severity).toUpperCase(), (m) => { throw new Error(m); });
    const report = engine.validateTemplate(template, {
        severityLevel: severity,
        detailLevel: 'STANDARD',
        parameterOverrides: request.parameters,
        pseudoParameterOverrides: request.region === undefined ? {} : { region: request.region },
    });
    return { ...head, status: report.status, diagnostics: report.diagnostics.map(flatten) };
}

if (Number(process.versions.node.split('.')[0]) < 20) {
    process.stderr.write(`validate.mjs: Node.js ${process.version} is too old; @aws/cloudformation-validate needs Node.js 20 or later\n`);
    process.exit(2);
}
const { options, files } = parseArgs(process.argv.slice(2));
const validator = loadValidator();
let engine;
try {
    engine = new validator.CompositeEngine();
} catch (error) {
    process.stderr.write(`validate.mjs: cannot build the validation engine: ${String(error)}\n`);
    process.exit(2);
}

let failed = false;
let trapped = false;

// Handles one request and writes its single output line; returns false once
// the WebAssembly instance has trapped and nothing more can be validated.
function handle(produceRequest) {
    let request = {};
    let result;
    try {
        request = produceRequest();
        result = validate(validator, engine, request);
        failed ||= result.diagnostics.some((d) => FAILING.has(d.severity));
    } catch (error) {
        trapped = error instanceof WebAssembly.RuntimeError || /WebAssembly instance was terminated/.test(String(error));
        result = { file: request.file ?? request.name ?? null, error: String(error?.message ?? error) };
        if (request.id !== undefined) result = { id: request.id, ...result };
        if (trapped) result.restart = true;
        failed = true;
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return !trapped;
}

function finish() {
    if (!trapped) engine.free();
    // exitCode rather than exit(): lets stdout drain when it is an asynchronous pipe.
    process.exitCode = trapped ? 3 : failed ? 1 : 0;
}

if (files.length > 0) {
    for (const file of files) {
        if (!handle(() => ({ ...options, file }))) break;
    }
    finish();
} else {
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
    lines.on('line', (raw) => {
        const line = raw.trim();
        if (line === '' || trapped) return;
        if (!handle(() => toRequest(line, options))) {
            lines.close();
            process.stdin.destroy();
        }
    });
    lines.on('close', finish);
}
