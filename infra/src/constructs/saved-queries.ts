import { aws_logs as logs } from "aws-cdk-lib";
import { Construct } from "constructs";
import { SAVED_QUERY_FOLDER, type SavedQuery } from "../saved-query-files.js";

export interface SavedQueriesProps {
  readonly queries: readonly SavedQuery[];
  readonly logGroup: logs.ILogGroup;
  /** Console folder (name prefix, ending in `/`) the queries appear under. @default "tolog/", where `tolog queries push` puts them */
  readonly folder?: string;
}

/**
 * One CloudWatch saved query per `queries/*.insights` file. The L1 resource is used because
 * the L2 `QueryDefinition` cannot carry the `{{param}}` parameters.
 */
export class SavedQueries extends Construct {
  readonly definitions: logs.CfnQueryDefinition[];

  constructor(scope: Construct, id: string, props: SavedQueriesProps) {
    super(scope, id);
    const folder = props.folder ?? SAVED_QUERY_FOLDER;
    this.definitions = props.queries.map(
      (q) =>
        new logs.CfnQueryDefinition(this, q.name, {
          name: `${folder}${q.name}`,
          queryString: q.body,
          logGroupNames: [props.logGroup.logGroupName],
          parameters:
            q.params.length === 0
              ? undefined
              : q.params.map((p) => ({ name: p.name, defaultValue: p.default, description: p.description || undefined })),
        }),
    );
  }
}
