// The course's Week 8 k6 scenario (CSSE6400 practical "Load Testing & Bottlenecks"), corrected,
// with every number configurable through __ENV and the original bugs on request.
//
//   k6 run -e ENDPOINT=http://127.0.0.1:6400 service/loadtest/planners-and-studiers.js
//   k6 run -e ENDPOINT=... -e COURSE_BUGS=1 ...     # the 2025/2026 script's two bugs, exactly
//   k6 run -e ENDPOINT=... -e COURSE_BUGS=2023 ...  # the 2023 script: DELETE /api/v1/todos/undefined
//
// Studiers list the todos and go away to study; 20 indecisive planners create a todo, notice the
// typo, delete it, and start over. `npm run load -w service` runs the same scenario without k6.
import http from 'k6/http';
import { check, sleep } from 'k6';

const ENDPOINT = __ENV.ENDPOINT || 'http://127.0.0.1:6400';
const COURSE_BUGS = __ENV.COURSE_BUGS || '0';

function num(name, fallback) {
  const v = __ENV[name];
  return v === undefined || v === '' ? fallback : Number(v);
}

const STUDIER_SLEEP = num('STUDIER_SLEEP', 120);
const PLANNER_SLEEP = num('PLANNER_SLEEP', 10);
const TIMEOUT = __ENV.TIMEOUT || '60s';
const DEADLINE = __ENV.DEADLINE || '2025-09-05T15:00:00';
const params = { headers: { 'Content-Type': 'application/json' }, timeout: TIMEOUT };

export function studyingStudent() {
  let url = ENDPOINT + '/api/v1/todos';

  // What tasks do I have left to work on?
  let request = http.get(url, { timeout: TIMEOUT });

  check(request, {
    'is status 200': (r) => r.status === 200,
  });

  // Alright I'll go work on my next task for around 2 minutes
  sleep(STUDIER_SLEEP);
}

export function indecisivePlanner() {
  let url = ENDPOINT + '/api/v1/todos';

  // I need to work on the CSSE6400 Cloud Assignment!
  const payload = JSON.stringify({
    "title": "CSSE6400 Clout Assignment",
    "completed": false,
    "description": "",
    "deadline_at": DEADLINE,
  });

  let request = http.post(url, payload, params);

  if (COURSE_BUGS === '0') {
    check(request, {
      'is status 201': (r) => r.status === 201,
    });
  } else {
    // Bug (both versions): the API answers 201, so this check fails on every success.
    check(request, {
      'is status 200': (r) => r.status === 200,
    });
  }

  sleep(PLANNER_SLEEP);

  // Oh no! Not the Clout assignment, the Cloud assignment!
  if (COURSE_BUGS === '0') {
    const wrongId = request.status === 201 ? request.json().id : undefined;
    if (wrongId !== undefined) {
      request = http.del(`${url}/${wrongId}`, null, { timeout: TIMEOUT });
      check(request, {
        'is status 200': (r) => r.status === 200,
      });
    }
  } else if (COURSE_BUGS === '2023') {
    // Bug (2023): a k6 Response has no .id, so the server sees DELETE /api/v1/todos/undefined.
    const wrongId = request.id;
    request = http.del(`${url}/${wrongId}`, null, { timeout: TIMEOUT });
    check(request, {
      'is status 200': (r) => r.status === 200,
    });
  } else {
    // Bugs (2025/2026), verbatim: request.id is undefined, and the single quotes make the URL the
    // literal text '${url}/${wrongId}', which k6 rejects before sending ("unsupported protocol
    // scheme"): no DELETE ever reaches the server.
    const wrongId = request.id;
    request = http.del('${url}/${wrongId}');
    check(request, {
      'is status 200': (r) => r.status === 200,
    });
  }

  // I'll come back to it later :(
  sleep(PLANNER_SLEEP);
}

export const options = {
  scenarios: {
    studier: {
      exec: 'studyingStudent',
      executor: "ramping-vus",
      stages: [
        { duration: __ENV.STAGE1 || "1m", target: num('STUDIERS_STAGE1', 1500) },
        { duration: __ENV.STAGE2 || "3m", target: num('STUDIERS', 7500) },
        { duration: __ENV.STAGE3 || "2m", target: 0 },
      ],
    },
    planner: {
      exec: 'indecisivePlanner',
      executor: "shared-iterations",
      vus: num('PLANNERS', 20),
      iterations: num('ITERATIONS', 400),
      maxDuration: __ENV.PLANNER_MAX_DURATION || "10m",
    },
  },
};
