#!/usr/bin/env bash
# Deletes the TaskOverflow service stack, and with --delete-database the database stack and its
# data too.  Usage: npm run destroy -w infra -- --help
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
Usage: npm run destroy -w infra -- [options]

  Deletes the service stack (load balancer, ECS, log group, saved queries, dashboard, alarms).
  The database stack is stateful and kept unless --delete-database is given.

  --delete-database            also delete the database stack, the RDS instance and its secret
                               (the data is lost; no final snapshot)
  --mode learner-lab|standard  as given to deploy (default learner-lab)
  --region REGION              default: AWS_REGION, AWS_DEFAULT_REGION, `aws configure`, or us-east-1
  --dry-run                    print every step and command; run none of them
  -h, --help                   this help
USAGE
}

TAG="latest"
DELETE_DATABASE=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --delete-database) DELETE_DATABASE=1; shift ;;
    *) shared_option "$@"; shift "$OPTION_WORDS" ;;
  esac
done
cd "$ROOT_DIR"
REGION="${REGION:-$(default_region)}"

announce "Destroying TaskOverflow in $REGION$([[ "$DELETE_DATABASE" -eq 1 ]] && echo ", database included")"

step "Check prerequisites"
require_aws_cli
check_aws_credentials 20

step "Find the default VPC (the CDK app is synthesized to know what to delete)"
resolve_default_vpc
cdk_context
run npm run build --workspace infra

if [[ "$DELETE_DATABASE" -eq 1 ]]; then
  step "Let the database go with its stack (its removal policy becomes Delete)"
  run_in infra env "AWS_REGION=$REGION" npx cdk deploy TaskOverflowDatabase --exclusively --require-approval never \
    "${CDK_CONTEXT[@]}" -c retainDatabase=false
  step "Delete both stacks"
  run_in infra env "AWS_REGION=$REGION" npx cdk destroy --all --force "${CDK_CONTEXT[@]}" -c retainDatabase=false
else
  step "Delete the service stack (the database stack is kept)"
  run_in infra env "AWS_REGION=$REGION" npx cdk destroy TaskOverflowService --exclusively --force "${CDK_CONTEXT[@]}"
fi

step "Done"
if [[ "$DELETE_DATABASE" -eq 0 ]]; then
  info "The database (stack TaskOverflowDatabase) still runs and costs money; delete it with"
  info "  npm run destroy -w infra -- --delete-database --region $REGION"
fi
info "Left for a next deploy (delete them when you are done for good):"
info "  aws ecr delete-repository --region $REGION --repository-name $REPOSITORY --force"
if [[ "$LEARNER_LAB" == "true" ]]; then
  info "  aws s3 rb s3://taskoverflow-cdk-$ACCOUNT-$REGION --force"
fi
