"""`show jobs ...`: each device's own job table."""
from ..parser import CommandError
from ..render.views import JobsView, JobView
from . import Context, handler


@handler("show_jobs")
def show_jobs(ctx: Context):
    which = ctx.keywords[-1]  # all, pending or processed
    jobs = ctx.device.jobs.jobs
    if which == "pending":
        jobs = [j for j in jobs if j.status != "FIN"]
    elif which == "processed":
        jobs = [j for j in jobs if j.status == "FIN"]
    return JobsView(jobs, ctx.device.timezone)


@handler("show_job")
def show_job(ctx: Context):
    job = ctx.device.jobs.get(int(ctx.args["id"]))
    if job is None:
        raise CommandError(f"Server error : job {ctx.args['id']} not found")
    return JobView(job, ctx.device.timezone)
