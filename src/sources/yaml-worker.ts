// A YAML parsing worker (yaml-pool.ts): receives a file's bytes, answers with fastDocumentsJson's text.

import {parentPort} from 'node:worker_threads'
import {fastDocumentsJson} from './yaml-docs.js'

export interface YamlJob {
  id: number
  bytes: ArrayBuffer
  /** Drop the documents' bookkeeping before they cross (FileLoadOptions.lean). */
  lean: boolean
}

export interface YamlAnswer {
  id: number
  json: string | undefined
}

parentPort?.on('message', (job: YamlJob) => {
  const answer: YamlAnswer = {id: job.id, json: fastDocumentsJson(Buffer.from(job.bytes).toString('utf8'), job.lean)}
  parentPort!.postMessage(answer)
})
