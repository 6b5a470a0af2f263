#!/usr/bin/env bash
# Deploys TaskOverflow to AWS: checks prerequisites, builds and pushes the image to ECR, deploys
# the CDK stacks, prints the endpoint and what to run next.  Usage: npm run deploy -w infra -- --help
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
Usage: npm run deploy -w infra -- [options]

  --mode learner-lab|standard  learner-lab (default): AWS Academy Learner Lab; uses LabRole, creates
                               no IAM roles, needs no `cdk bootstrap`. standard: your own account,
                               after `npx cdk bootstrap` once.
  --region REGION              default: AWS_REGION, AWS_DEFAULT_REGION, `aws configure`, or us-east-1
  --tag TAG                    image tag (default: the git commit, plus a timestamp if the tree is dirty)
  --skip-image                 deploy an image already pushed with --tag, without Docker
  --dry-run                    print every step and command; run none of them
  -h, --help                   this help
USAGE
}

TAG=""
SKIP_IMAGE=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tag) TAG="${2:-}"; shift 2 ;;
    --skip-image) SKIP_IMAGE=1; shift ;;
    *) shared_option "$@"; shift "$OPTION_WORDS" ;;
  esac
done
cd "$ROOT_DIR"
REGION="${REGION:-$(default_region)}"
if [[ -z "$TAG" ]]; then
  TAG="$(git rev-parse --short=12 HEAD 2>/dev/null || echo manual)"
  if [[ -n "$(git status --porcelain 2>/dev/null)" ]]; then TAG+="-dirty-$(date -u +%Y%m%d%H%M%S)"; fi
fi
if [[ "$LEARNER_LAB" == "true" ]]; then MODE_NAME="learner-lab"; else MODE_NAME="standard"; fi

announce "Deploying TaskOverflow ($MODE_NAME mode) to $REGION, image tag $TAG"

step "Check prerequisites"
require_aws_cli
if [[ "$SKIP_IMAGE" -eq 0 ]]; then
  require_tool docker "build and push the service image" "Install Docker Desktop or Docker Engine: https://docs.docker.com/get-docker/ (or pass --skip-image with a pushed --tag)"
  check_docker_running
fi
check_aws_credentials 30
check_mode_access

step "Find the default VPC"
resolve_default_vpc

REGISTRY="$ACCOUNT.dkr.ecr.$REGION.amazonaws.com"
IMAGE="$REGISTRY/$REPOSITORY:$TAG"
BUCKET="taskoverflow-cdk-$ACCOUNT-$REGION"

step "Prepare the ECR repository$([[ "$LEARNER_LAB" == "true" ]] && echo " and the template bucket")"
info "(each is created only when missing)"
show aws ecr describe-repositories --region "$REGION" --repository-names "$REPOSITORY"
if [[ "$DRY_RUN" -eq 1 ]] || ! aws ecr describe-repositories --region "$REGION" --repository-names "$REPOSITORY" >/dev/null 2>&1; then
  run aws ecr create-repository --region "$REGION" --repository-name "$REPOSITORY" \
    --image-scanning-configuration scanOnPush=true --query repository.repositoryUri --output text
fi
if [[ "$LEARNER_LAB" == "true" ]]; then
  # Learner Lab has no `cdk bootstrap`; CloudFormation templates are staged in this bucket instead.
  show aws s3api head-bucket --bucket "$BUCKET"
  if [[ "$DRY_RUN" -eq 1 ]] || ! aws s3api head-bucket --bucket "$BUCKET" >/dev/null 2>&1; then
    run aws s3 mb "s3://$BUCKET" --region "$REGION"
  fi
fi

step "Build and push the image"
if [[ "$SKIP_IMAGE" -eq 1 ]]; then
  info "skipped (--skip-image): the service runs $IMAGE"
else
  printf '    $ %s | %s\n' "$(command_line aws ecr get-login-password --region "$REGION")" \
    "$(command_line docker login --username AWS --password-stdin "$REGISTRY")"
  if [[ "$DRY_RUN" -eq 0 ]]; then
    aws ecr get-login-password --region "$REGION" | docker login --username AWS --password-stdin "$REGISTRY" >/dev/null
  fi
  # Fargate runs linux/amd64 by default; building for it explicitly keeps Apple-silicon laptops working.
  run docker build --platform linux/amd64 -f service/Dockerfile --build-arg "GIT_COMMIT=$TAG" -t "$IMAGE" .
  run docker push "$IMAGE"
fi

step "Deploy the database and service stacks (about 15 minutes the first time)"
cdk_context
run npm run build --workspace infra
run_in infra env "AWS_REGION=$REGION" npx cdk deploy --all --require-approval never --outputs-file cdk.out/outputs.json "${CDK_CONTEXT[@]}"

step "Done"
capture ENDPOINT "http://<load-balancer-dns-name>" node -e \
  'const o=require(process.argv[1]).TaskOverflowService;process.stdout.write(o.Endpoint)' "./infra/cdk.out/outputs.json"
capture DASHBOARD "<dashboard-name>" node -e \
  'const o=require(process.argv[1]).TaskOverflowService;process.stdout.write(o.DashboardName)' "./infra/cdk.out/outputs.json"
cat <<DONE

  Endpoint       $ENDPOINT
  Log group      taskoverflow (region $REGION)
  Dashboard      https://$REGION.console.aws.amazon.com/cloudwatch/home?region=$REGION#dashboards/dashboard/$DASHBOARD
  Saved queries  CloudWatch > Logs Insights > Saved queries > tolog/

Next:
  curl $ENDPOINT/api/v1/health
  ENDPOINT=$ENDPOINT k6 run service/loadtest/planners-and-studiers.js
  AWS_REGION=$REGION npx tolog trace --slowest --log-group taskoverflow
  AWS_REGION=$REGION npx tolog slow-queries --log-group taskoverflow
  npm run destroy -w infra -- --delete-database --region $REGION   # when you are done: RDS bills while it runs
DONE
