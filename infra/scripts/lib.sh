#!/usr/bin/env bash
# Shared by deploy.sh and destroy.sh: shared options and their defaults, step printing, dry-run,
# prerequisites.
# Every command that touches AWS, Docker or the CDK goes through `run` or `capture`, so that
# --dry-run prints exactly what a real run would execute and executes none of it.

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DRY_RUN=0
STEP=0
LEARNER_LAB=true
REGION=""
REPOSITORY="taskoverflow"

step() {
  STEP=$((STEP + 1))
  printf '\n==> %d. %s\n' "$STEP" "$*"
}

info() { printf '    %s\n' "$*"; }

die() {
  printf '\nerror: %s\n' "$1" >&2
  shift
  local line
  for line in "$@"; do printf '       %s\n' "$line" >&2; done
  exit 1
}

# One word as a user could paste it: bare when safe, else in single quotes.
quote() {
  if [[ "$1" =~ ^[A-Za-z0-9_./:=,@%+\<\>-]+$ ]]; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//\'/\'\\\'\'}"
  fi
}

command_line() {
  local out="" arg
  for arg in "$@"; do out+="$(quote "$arg") "; done
  printf '%s' "${out% }"
}

# Prints a command the way a user could paste it.
show() {
  printf '    $ %s\n' "$(command_line "$@")"
}

run() {
  show "$@"
  if [[ "$DRY_RUN" -eq 1 ]]; then return 0; fi
  "$@"
}

# capture VAR PLACEHOLDER cmd...: VAR gets the command's stdout, or PLACEHOLDER in a dry run.
# VAR "-" only checks that the command succeeds.
capture() {
  local var="$1" placeholder="$2"
  shift 2
  show "$@"
  local value="$placeholder"
  if [[ "$DRY_RUN" -eq 0 ]]; then
    value="$("$@")" || return 1
  fi
  if [[ "$var" != "-" ]]; then printf -v "$var" '%s' "$value"; fi
}

default_region() {
  if [[ -n "${AWS_REGION:-}" ]]; then echo "$AWS_REGION"; return; fi
  if [[ -n "${AWS_DEFAULT_REGION:-}" ]]; then echo "$AWS_DEFAULT_REGION"; return; fi
  if command -v aws >/dev/null 2>&1; then
    local configured
    configured="$(aws configure get region 2>/dev/null || true)"
    if [[ -n "$configured" ]]; then echo "$configured"; return; fi
  fi
  echo "us-east-1"
}

require_tool() {
  local tool="$1" why="$2" how="$3"
  info "check: $tool ($why)"
  show command -v "$tool"
  if [[ "$DRY_RUN" -eq 1 ]]; then return 0; fi
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found: it is needed to $why." "$how"
}

check_docker_running() {
  show docker info
  if [[ "$DRY_RUN" -eq 1 ]]; then return 0; fi
  docker info >/dev/null 2>&1 || die "Docker is installed but its engine is not reachable." \
    "Start Docker Desktop (or \`sudo systemctl start docker\`) and rerun."
}

# Sets ACCOUNT and CALLER_ARN; explains how to get credentials when there are none.
check_credentials() {
  local identity
  if ! capture identity "<account> <caller-arn>" \
    aws sts get-caller-identity --region "$REGION" --query '[Account, Arn]' --output text; then
    die "no valid AWS credentials (or they have expired)." \
      "Learner Lab: Start Lab, then AWS Details > AWS CLI: Show, and paste the three lines into ~/.aws/credentials." \
      "Own account: run \`aws configure\` or \`aws sso login\`, or set AWS_PROFILE."
  fi
  ACCOUNT="${identity%%[[:space:]]*}"
  CALLER_ARN="${identity##*[[:space:]]}"
  info "account $ACCOUNT as $CALLER_ARN"
}

# Learner Lab credentials last about 4 hours and carry no expiry the CLI can see; other
# temporary credentials (SSO, assumed roles) report theirs through `export-credentials`.
check_credentials_expiry() {
  local min_minutes="$1" expiration
  show aws configure export-credentials --format process
  if [[ "$DRY_RUN" -eq 1 ]]; then return 0; fi
  expiration="$(aws configure export-credentials --format process 2>/dev/null |
    node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>{try{process.stdout.write(JSON.parse(s).Expiration??"")}catch{}})' || true)"
  if [[ -z "$expiration" ]]; then
    if [[ "$CALLER_ARN" == *":assumed-role/voclabs/"* ]]; then
      info "Learner Lab session: its credentials expire with the lab session (4 h); check the lab timer shows at least ${min_minutes} minutes."
    else
      info "credentials report no expiry."
    fi
    return 0
  fi
  local left
  left="$(node -e 'process.stdout.write(String(Math.floor((Date.parse(process.argv[1]) - Date.now()) / 60000)))' "$expiration")"
  if [[ "$left" -le 0 ]]; then
    die "your AWS credentials expired at $expiration." "Renew them (Learner Lab: Start Lab and copy the new AWS CLI credentials) and rerun."
  elif [[ "$left" -lt "$min_minutes" ]]; then
    die "your AWS credentials expire in $left minutes, and this takes up to $min_minutes." "Renew them first, then rerun."
  fi
  info "credentials valid for $left more minutes"
}

# "a b\tc" -> "a,b,c"
to_csv() {
  local words
  read -r -a words <<<"$(printf '%s' "$1" | tr -s '[:space:]' ' ')"
  local IFS=,
  printf '%s' "${words[*]}"
}

# Sets VPC_ID, SUBNET_IDS and AZS (comma-separated) from the region's default VPC.
resolve_default_vpc() {
  capture VPC_ID "vpc-0example" aws ec2 describe-vpcs --region "$REGION" --filters Name=isDefault,Values=true \
    --query 'Vpcs[0].VpcId' --output text || die "could not list VPCs in $REGION."
  if [[ -z "$VPC_ID" || "$VPC_ID" == "None" ]]; then
    die "$REGION has no default VPC." "Create one with \`aws ec2 create-default-vpc --region $REGION\`, or choose another --region."
  fi
  local subnets zones
  local sorted='sort_by(Subnets,&AvailabilityZone)[0:3]'
  capture subnets "subnet-0example1 subnet-0example2" aws ec2 describe-subnets --region "$REGION" \
    --filters "Name=vpc-id,Values=$VPC_ID" Name=default-for-az,Values=true --query "$sorted.SubnetId" --output text ||
    die "could not list the subnets of $VPC_ID."
  capture zones "${REGION}a ${REGION}b" aws ec2 describe-subnets --region "$REGION" \
    --filters "Name=vpc-id,Values=$VPC_ID" Name=default-for-az,Values=true --query "$sorted.AvailabilityZone" --output text ||
    die "could not list the subnets of $VPC_ID."
  SUBNET_IDS="$(to_csv "$subnets")"
  AZS="$(to_csv "$zones")"
  [[ "$SUBNET_IDS" == *,* ]] || die "the default VPC of $REGION needs default subnets in at least two availability zones."
  info "default VPC $VPC_ID, subnets $SUBNET_IDS in $AZS"
}

# run_in DIR cmd...: runs the command in DIR (relative to the repository root).
run_in() {
  local dir="$1"
  shift
  printf '    $ (cd %s && %s)\n' "$dir" "$(command_line "$@")"
  if [[ "$DRY_RUN" -eq 1 ]]; then return 0; fi
  (cd "$ROOT_DIR/$dir" && "$@")
}

# The CDK app's context, as the entry point (infra/bin/taskoverflow.ts) reads it.
# shellcheck disable=SC2034 # CDK_CONTEXT is used by the scripts that source this file
cdk_context() {
  CDK_CONTEXT=(
    -c "learnerLab=$LEARNER_LAB"
    -c "vpcId=$VPC_ID"
    -c "subnetIds=$SUBNET_IDS"
    -c "availabilityZones=$AZS"
    -c "imageRepository=$REPOSITORY"
    -c "imageTag=$TAG"
  )
}

check_mode_access() {
  if [[ "$LEARNER_LAB" == "true" ]]; then
    capture - "arn:aws:iam::$ACCOUNT:role/LabRole" aws iam get-role --role-name LabRole --query Role.Arn --output text ||
      die "this account has no LabRole, so it is not an AWS Academy Learner Lab account." \
        "In your own account, use --mode standard (after \`cdk bootstrap\`)."
    if [[ "$REGION" != "us-east-1" && "$REGION" != "us-west-2" ]]; then
      die "Learner Lab only allows us-east-1 and us-west-2, not $REGION." "Rerun with --region us-east-1."
    fi
  else
    capture - "<bootstrap version>" aws ssm get-parameter --region "$REGION" --name /cdk-bootstrap/hnb659fds/version \
      --query Parameter.Value --output text ||
      die "$REGION of account $ACCOUNT is not bootstrapped for the CDK." \
        "Run once: (cd infra && npx cdk bootstrap aws://$ACCOUNT/$REGION)" \
        "In AWS Academy Learner Lab, use --mode learner-lab instead (bootstrap cannot create its roles there)."
  fi
}

parse_mode() {
  case "$1" in
    learner-lab | learnerLab) LEARNER_LAB=true ;;  # learnerLab: the CDK context name
    standard) LEARNER_LAB=false ;;
    *) die "--mode must be learner-lab or standard, not '$1'." ;;
  esac
}

# shared_option "$@": an option every script takes (anything else is a usage error, with the
# sourcing script's `usage`); sets OPTION_WORDS to how many words it used, for the caller to shift.
# shellcheck disable=SC2034 # OPTION_WORDS is used by the scripts that source this file
shared_option() {
  case "$1" in
    --mode) parse_mode "${2:-}"; OPTION_WORDS=2 ;;
    --region) REGION="${2:-}"; OPTION_WORDS=2 ;;
    --dry-run) DRY_RUN=1; OPTION_WORDS=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'." ;;
  esac
}

# announce LINE: the run's first line; a dry run adds what it will and will not do.
announce() {
  printf '%s\n' "$1"
  if [[ "$DRY_RUN" -eq 1 ]]; then printf '(dry run: every command is printed; none is run; values from AWS are placeholders)\n'; fi
}

require_aws_cli() {
  require_tool aws "talk to AWS" "Install AWS CLI v2: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html"
}

# check_aws_credentials MIN_MINUTES: sets ACCOUNT and CALLER_ARN, and refuses credentials that
# expire before a run of MIN_MINUTES could finish.
check_aws_credentials() {
  info "region $REGION"
  check_credentials
  check_credentials_expiry "$1"
}
