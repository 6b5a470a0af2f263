/** A fuzz worker: checks each query the main thread sends and answers with its outcome. */
import { parentPort } from "node:worker_threads";
import { checkQuery } from "./check.js";

const port = parentPort!;
port.on("message", (message: { index: number; query: string }) => {
  void checkQuery(message.query).then((outcome) => port.postMessage({ index: message.index, outcome }));
});
